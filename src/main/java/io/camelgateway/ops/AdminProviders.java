package io.camelgateway.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import io.camelgateway.models.ProviderDirectory;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderStats;
import io.camelgateway.resilience.RetryBudget;
import io.camelgateway.resilience.StreamSlots;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** {@code GET /admin/providers}: each provider's breaker state, failure rate, last error and retries in the window. */
public final class AdminProviders implements Processor {

    private final ProviderDirectory providers;
    private final ProviderBreakers breakers;
    private final ProviderStats stats;
    private final StreamSlots slots;
    private final AdminAccess access;
    private final Function<TurnError, byte[]> errorBodies;

    /** {@code errorBodies} shapes the endpoint's own errors (the gateway's default client API shape). */
    public AdminProviders(ProviderDirectory providers, ProviderBreakers breakers, ProviderStats stats,
                          StreamSlots slots, AdminAccess access, Function<TurnError, byte[]> errorBodies) {
        this.providers = providers;
        this.breakers = breakers;
        this.stats = stats;
        this.slots = slots;
        this.access = access;
        this.errorBodies = errorBodies;
    }

    @Override
    public void process(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        String remote = exchange.getIn() instanceof HttpMessage http && http.getRequest().remoteAddress() != null
                ? http.getRequest().remoteAddress().hostAddress() : null;
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (!access.allows(authorization, remote)) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 403);
            exchange.getMessage().setBody(errorBodies.apply(new TurnError(403, "permission_error", "admin_forbidden",
                    "The admin endpoints need the admin token (gateway.admin.token), or a loopback client when none is set.",
                    null, null)));
            return;
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setBody(Json.bytes(report()));
    }

    public ObjectNode report() {
        ObjectNode root = Json.object();
        root.put("open_requests", slots.inUse());
        ArrayNode list = root.putArray("providers");
        for (String name : providers.names()) {
            breakers.ensure(name);
            ObjectNode entry = list.addObject().put("name", name);
            ProviderBreakers.View view = breakers.view(name);
            if (view != null) {
                entry.put("state", view.state())
                        .put("failure_rate", view.failureRate() < 0 ? null : (double) view.failureRate())
                        .put("calls", view.bufferedCalls())
                        .put("failed_calls", view.failedCalls())
                        .put("not_permitted_calls", view.notPermittedCalls());
            }
            RetryBudget budget = stats.budget(name);
            entry.put("requests_in_window", budget.requestsInWindow())
                    .put("retries_in_window", budget.retriesInWindow())
                    .put("window_seconds", budget.windowSeconds());
            ProviderStats.LastError last = stats.lastError(name);
            if (last == null) {
                entry.putNull("last_error");
            } else {
                entry.putObject("last_error").put("code", last.code()).put("message", last.message())
                        .put("at", last.at().toString());
            }
        }
        return root;
    }
}
