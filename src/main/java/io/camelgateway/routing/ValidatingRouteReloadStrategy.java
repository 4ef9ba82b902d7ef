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

    private static String message(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !out.toString().contains(cause.getMessage())) {
                out.append(" | caused by: ").append(cause.getMessage());
            }
        }
        return out.toString();
    }
}
