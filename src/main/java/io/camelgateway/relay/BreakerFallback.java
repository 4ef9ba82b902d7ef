package io.camelgateway.relay;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.resilience.AttemptResult;
import io.camelgateway.resilience.ProviderBreakers;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The breaker's {@code onFallback}: runs when the attempt failed (its result is already recorded) or when the
 * open breaker refused the call (marked here, so the turn relay moves on at once). Writes nothing to the client.
 */
public final class BreakerFallback implements Processor {

    private final ProviderBreakers breakers;

    public BreakerFallback(ProviderBreakers breakers) {
        this.breakers = breakers;
    }

    @Override
    public void process(Exchange exchange) {
        AttemptState attempt = exchange.getProperty(ExchangeKeys.ATTEMPT, AttemptState.class);
        String provider = attempt.provider();
        int waitSeconds = breakers.waitInOpenSeconds(provider);
        attempt.recordIfMissing(AttemptResult.breakerOpen(new TurnError(503, "server_error", "provider_unavailable",
                "Provider '" + provider + "' is down: after repeated failures the gateway stopped sending it requests"
                        + " and tries it again within " + waitSeconds + " s. Retry then, or ask the gateway's operator"
                        + " to add a fallback model for it.", null, (long) waitSeconds)));
    }
}
