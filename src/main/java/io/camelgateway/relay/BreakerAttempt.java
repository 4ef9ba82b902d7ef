package io.camelgateway.relay;

import io.camelgateway.config.GatewaySettings;
import io.camelgateway.http.UpstreamHttp;
import io.camelgateway.resilience.AttemptResult;
import io.camelgateway.resilience.ProviderFailureException;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The step inside a provider's circuit breaker: one upstream call and its relay, on an event loop while this
 * worker waits. A provider failure is thrown so the breaker counts it; what was written to the client (nothing,
 * or a stream that already ended in-band) is in the attempt's result, so the fallback never writes a second time.
 */
public final class BreakerAttempt implements Processor {

    private final Vertx vertx;
    private final UpstreamHttp upstream;
    private final GatewaySettings settings;
    private final ActiveStreams active;

    public BreakerAttempt(Vertx vertx, UpstreamHttp upstream, GatewaySettings settings, ActiveStreams active) {
        this.vertx = vertx;
        this.upstream = upstream;
        this.settings = settings;
        this.active = active;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        AttemptState attempt = exchange.getProperty(ExchangeKeys.ATTEMPT, AttemptState.class);
        RelayCall call = new RelayCall(attempt.plan(), vertx, upstream.nextContext(), upstream.client(),
                attempt.client(), settings, active, attempt.timeouts(), attempt.headers());
        call.start();
        AttemptResult result;
        try {
            result = call.done().get(attempt.timeouts().totalMs() + TimeUnit.SECONDS.toMillis(30), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stuck) {
            call.abortForShutdown();
            result = call.done().get(10, TimeUnit.SECONDS);
        }
        attempt.record(result);
        if (result.isProviderFailure()) {
            throw new ProviderFailureException(attempt.provider() + ": "
                    + (result.error() == null ? "failed" : result.error().code()));
        }
    }
}
