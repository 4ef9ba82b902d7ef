package io.camelgateway.relay;

import io.camelgateway.config.GatewaySettings;
import io.camelgateway.http.UpstreamHttp;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The long-lived end of every turn route: plans the upstream call, then relays it on an event loop while this
 * (worker) thread waits. The response is written straight to the Vert.x response and ended before returning,
 * so platform-http writes nothing more.
 */
public final class TurnRelay implements Processor {

    private final TurnPlanner planner;
    private final Vertx vertx;
    private final UpstreamHttp upstream;
    private final GatewaySettings settings;
    private final ActiveStreams active;

    public TurnRelay(TurnPlanner planner, Vertx vertx, UpstreamHttp upstream, GatewaySettings settings,
                     ActiveStreams active) {
        this.planner = planner;
        this.vertx = vertx;
        this.upstream = upstream;
        this.settings = settings;
        this.active = active;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        TurnPlan plan = planner.plan(exchange);
        HttpMessage message = exchange.getIn(HttpMessage.class);
        ClientResponse client = new ClientResponse(message.getResponse());
        Context context = upstream.nextContext();
        RelayCall call = new RelayCall(plan, vertx, context, upstream.client(), client, settings, active);
        call.start();
        try {
            call.done().get(settings.totalTimeoutMs() + TimeUnit.SECONDS.toMillis(30), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.abortForShutdown();
        } catch (ExecutionException e) {
            throw new IllegalStateException("relay failed", e.getCause());
        }
    }
}
