package io.camelgateway.ops;

import io.camelgateway.relay.ActiveStreams;
import io.camelgateway.reload.ValidatingRouteReloadStrategy;
import io.camelgateway.shared.SharedStatus;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.ServiceStatus;

/**
 * {@code /health} (the process answers) and {@code /ready} (routes started, not draining). {@code /ready} also says
 * how budgets, rate limits and revocations are shared; a replica whose Redis is away stays ready (it counts on its
 * own) and says {@code degraded}.
 */
public final class HealthEndpoints {

    private final ActiveStreams active;
    private final String instanceId;
    private final Supplier<SharedStatus> sharedState;

    public HealthEndpoints(ActiveStreams active, String instanceId, Supplier<SharedStatus> sharedState) {
        this.active = active;
        this.instanceId = instanceId;
        this.sharedState = sharedState;
    }

    public void health(Exchange exchange) {
        answer(exchange, 200, "{\"status\":\"UP\"}");
    }

    public void ready(Exchange exchange) {
        boolean started = exchange.getContext().getStatus() == ServiceStatus.Started;
        if (started && active.isReady()) {
            answer(exchange, 200, "{\"status\":\"READY\",\"open_streams\":" + active.count()
                    + ",\"route_reload_rejected_total\":" + reloadRejections(exchange)
                    + ",\"shared_state\":" + sharedStateJson() + "}");
        } else {
            answer(exchange, 503, "{\"status\":\"" + (active.isDraining() ? "DRAINING" : "STARTING") + "\"}");
        }
    }

    private String sharedStateJson() {
        SharedStatus status = sharedState.get();
        return "{\"mode\":\"" + status.mode() + "\",\"degraded\":" + status.degraded() + "}";
    }

    private static long reloadRejections(Exchange exchange) {
        ValidatingRouteReloadStrategy watcher = exchange.getContext().hasService(ValidatingRouteReloadStrategy.class);
        return watcher == null ? 0 : watcher.rejectedCount();
    }

    private void answer(Exchange exchange, int status, String body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("x-gateway-instance", instanceId);
        exchange.getMessage().setBody(body);
    }
}
