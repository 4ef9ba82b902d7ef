package io.camelgateway.relay;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.settings.GatewaySettings;
import io.camelgateway.http.UpstreamHttp;
import io.camelgateway.resilience.AttemptResult;
import io.camelgateway.resilience.ProviderFailureException;
import io.camelgateway.trace.AttemptTrace;
import io.camelgateway.usage.AttemptReport;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step inside a provider's circuit breaker: one upstream call and its relay, on an event loop while this
 * worker waits. A provider failure is thrown so the breaker counts it; what was written to the client (nothing,
 * or a stream that already ended in-band) is in the attempt's result, so the fallback never writes a second time.
 */
public final class BreakerAttempt implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerAttempt.class);
    private static final long GRACE_MS = 5_000;

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
        TurnPlan plan = attempt.plan();
        AttemptTrace trace = attempt.trace().attempt(plan.target().provider(), plan.target().upstreamModel(),
                plan.target().baseUrl(), attempt.fallbackPosition(), attempt.retryReason());
        RelayCall call = new RelayCall(plan, vertx, upstream.nextContext(), upstream,
                attempt.client(), settings, active, attempt.timeouts(), attempt.headers(), attempt.turnStream(), trace);
        call.storeAnswerWith(attempt.answerStore());
        call.start();
        AttemptResult result = awaitBounded(call, attempt.timeouts().totalMs());
        attempt.record(result);
        attempt.overheadMs(call.overheadMs());
        AttemptReport report = call.report(result, attempt.fallbackPosition(), attempt.retryReason());
        trace.end(report);
        attempt.turnUsage().add(report);
        if (result.isProviderFailure()) {
            throw new ProviderFailureException(attempt.provider() + ": "
                    + (result.error() == null ? "failed" : result.error().code()));
        }
    }

    /**
     * The call's own total timer ends it within {@code totalMs}; should its future still be open a little later
     * (a bug), the call is aborted, and if even that is not acknowledged the attempt is reported as aborted so the
     * turn answers and frees its slot instead of waiting forever.
     */
    private static AttemptResult awaitBounded(RelayCall call, long totalMs) throws Exception {
        try {
            return call.done().get(totalMs + GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stuck) {
            LOG.error("an upstream attempt outlived its total timeout of {} ms; aborting it", totalMs);
            call.abortForShutdown();
        }
        try {
            return call.done().get(GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillStuck) {
            return AttemptResult.beforeStart(new TurnError(500, "server_error", "internal_error",
                    "The gateway lost track of the provider's answer; the failure has been logged.", null, null),
                    RelayCall.ABORTED, null);
        }
    }
}
