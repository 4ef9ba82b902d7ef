package io.camelgateway.routing;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's route watcher, but a changed file is first loaded into a scratch context; a file that does not load is
 * rejected (log line + {@link #rejectedCount()}) and the previous routes keep serving. Camel 4.18 would otherwise
 * remove the live route and fail to add the new one, leaving it down until the next good save.
 */
public final class ValidatingRouteReloadStrategy extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatingRouteReloadStrategy.class);

    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();

    public ValidatingRouteReloadStrategy(String directory) {
        super(directory, false);
        setPattern("*.yaml");
        setRemoveAllRoutes(false);
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        RouteFileValidator validator = new RouteFileValidator(getCamelContext());
        for (Resource resource : resources) {
            if (resource == null || !resource.exists()) {
                continue;
            }
            try {
                validator.validate(resource);
            } catch (Exception e) {
                long total = rejected.incrementAndGet();
                LOG.error("Route file {} rejected, the previous routes keep serving (gateway_route_reload_rejected_total={}): {}",
                        resource.getLocation(), total, message(e));
                return;
            }
        }
        super.onRouteReload(resources, removeEverything);
        applied.incrementAndGet();
    }

    /** {@code gateway_route_reload_rejected_total}: edited route files refused since start. */
    public long rejectedCount() {
        return rejected.get();
    }

    public long appliedCount() {
        return applied.get();
    }

    /** The root cause first (the parser's own words), then Camel's context, shortened. */
    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String context = String.valueOf(e.getMessage());
        if (context.length() > 200) {
            context = context.substring(0, 200) + "…";
        }
        return root == e ? context : root.getMessage() + " (" + context + ")";
    }

}
