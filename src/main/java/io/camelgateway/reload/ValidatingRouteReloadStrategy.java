package io.camelgateway.reload;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import io.camelgateway.observe.GatewayEventListeners;
import io.camelgateway.observe.GatewayEvents;
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

    /** How long a changed file must stay the same before it is read (a save may come in several writes). */
    private static final long SETTLE_MS = 100;
    private static final int SETTLE_CHECKS = 20;

    private final AtomicLong rejected = new AtomicLong();
    /** SHA-256 of the content last validated, per file location. */
    private final Map<String, String> handled = new ConcurrentHashMap<>();

    public ValidatingRouteReloadStrategy(String directory) {
        super(directory, false);
        setPattern("*.yaml");
        setRemoveAllRoutes(false);
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        List<Resource> changed = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource != null && resource.exists() && isNewContent(resource)) {
                changed.add(resource);
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        RouteFileValidator validator = new RouteFileValidator(getCamelContext());
        for (Resource resource : changed) {
            try {
                validator.validate(resource);
            } catch (Exception e) {
                long total = rejected.incrementAndGet();
                LOG.error("Route file {} rejected, the previous routes keep serving (gateway_route_reload_rejected_total={}): {}",
                        resource.getLocation(), total, message(e));
                events().routesReloaded(resource.getLocation(), false, message(e));
                return;
            }
        }
        super.onRouteReload(changed, removeEverything);
        for (Resource resource : changed) {
            events().routesReloaded(resource.getLocation(), true, null);
        }
    }

    /** The gateway's event listeners (WARN lines, counters), bound by the configuration; none in a bare context. */
    private GatewayEvents events() {
        GatewayEvents events = getCamelContext().getRegistry()
                .lookupByNameAndType(GatewayEventListeners.REGISTRY_NAME, GatewayEvents.class);
        return events == null ? GatewayEvents.NONE : events;
    }

    /**
     * One save often raises two watch events (truncate, then write: two ENTRY_MODIFY), which used to validate, count
     * and apply the same file twice. The file is read once it stopped changing; content already handled for this
     * file, and an empty file (a save still in progress), are skipped.
     */
    private boolean isNewContent(Resource resource) {
        byte[] content;
        try {
            content = settledContent(resource);
        } catch (IOException e) {
            return true; // let the validator report the unreadable file
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (content.length == 0) {
            LOG.info("Route file {} is empty; ignored until it has content", resource.getLocation());
            return false;
        }
        String digest = sha256(content);
        return !digest.equals(handled.put(resource.getLocation(), digest));
    }

    private static byte[] settledContent(Resource resource) throws IOException, InterruptedException {
        byte[] content = read(resource);
        for (int check = 0; check < SETTLE_CHECKS; check++) {
            Thread.sleep(SETTLE_MS);
            byte[] again = read(resource);
            if (Arrays.equals(content, again)) {
                return content;
            }
            content = again;
        }
        return content;
    }

    private static byte[] read(Resource resource) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code gateway_route_reload_rejected_total}: edited route files refused since start. */
    public long rejectedCount() {
        return rejected.get();
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
