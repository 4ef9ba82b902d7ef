package io.camelgateway.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link GatewayEvents} listener of the gateway (the WARN lines, the counters), each told in turn; bound in the
 * Camel registry as {@code gatewayEvents}. A faulty listener never reaches the request.
 */
public final class GatewayEventListeners implements GatewayEvents {

    public static final String REGISTRY_NAME = "gatewayEvents";
    private static final Logger LOG = LoggerFactory.getLogger(GatewayEventListeners.class);

    private final List<GatewayEvents> listeners = new CopyOnWriteArrayList<>();

    public GatewayEventListeners add(GatewayEvents listener) {
        listeners.add(listener);
        return this;
    }

    private void tell(Consumer<GatewayEvents> event) {
        for (GatewayEvents listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("A gateway event listener failed: {}", e.toString());
            }
        }
    }

    @Override
    public void upstreamFailed(String provider, String model, int status, String errorCode) {
        tell(l -> l.upstreamFailed(provider, model, status, errorCode));
    }

    @Override
    public void retrying(String provider, String model, int nextAttempt, String reason, long waitMs) {
        tell(l -> l.retrying(provider, model, nextAttempt, reason, waitMs));
    }

    @Override
    public void retrying(String provider, String model, int nextAttempt, String reason, long waitMs,
                         boolean retryAfter) {
        tell(l -> l.retrying(provider, model, nextAttempt, reason, waitMs, retryAfter));
    }

    @Override
    public void fellBack(String fromModel, String toModel, String reason) {
        tell(l -> l.fellBack(fromModel, toModel, reason));
    }

    @Override
    public void breakerChanged(String provider, String from, String to) {
        tell(l -> l.breakerChanged(provider, from, to));
    }

    @Override
    public void routesReloaded(String file, boolean accepted, String reason) {
        tell(l -> l.routesReloaded(file, accepted, reason));
    }

    @Override
    public void budgetEvent(String scope, String name, boolean refused) {
        tell(l -> l.budgetEvent(scope, name, refused));
    }
}
