package io.camelgateway.relay;

import io.camelgateway.usage.TurnRecorder;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.cache.ResponseCache;

import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.observe.GatewayEvents;
import io.camelgateway.settings.GatewaySettings;
import io.camelgateway.models.FallbackChains;
import io.camelgateway.models.ModelResolver;
import io.camelgateway.resilience.Backoff;
import io.camelgateway.resilience.ClientKeys;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderStats;
import io.camelgateway.settings.ResilienceSettings;
import io.camelgateway.resilience.RetryPolicy;
import io.camelgateway.resilience.StreamSlots;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The long-lived end of every turn route: takes a concurrency slot, then runs the turn over its fallback chain
 * ({@link Failover}), each attempt relayed on an event loop while this (worker) thread waits. The response is
 * written straight to the Vert.x response and ended before returning, so platform-http writes nothing more.
 */
public final class TurnRelay implements Processor {

    private final Failover failover;
    private final StreamSlots slots;

    TurnRelay(Failover failover, StreamSlots slots) {
        this.failover = failover;
        this.slots = slots;
    }

    /**
     * {@code recorder} is told each request's attempts and usage when it ends (the ledger); {@code events} hears of
     * every upstream failure, retry and fallback; {@code cache} answers what it can without an upstream call and keeps
     * the answers it may replay.
     */
    public static TurnRelay create(TurnPlanner planner, FallbackChains chains, ModelResolver models,
                                   ProviderBreakers breakers, ProviderStats stats, ResilienceSettings settings,
                                   GatewaySettings gateway, ActiveStreams active, StreamSlots slots, Vertx vertx,
                                   TurnRecorder recorder, GatewayEvents events, ResponseCache cache) {
        RetryPolicy policy = new RetryPolicy(new Backoff(settings.backoffBaseMs(), settings.backoffMaxMs(),
                () -> ThreadLocalRandom.current().nextDouble()), settings.maxRetryAfterMs());
        Failover failover = new Failover(planner, new FallbackTargets(chains, models), breakers, stats, policy,
                settings, gateway, active, vertx, recorder, events, cache);
        return new TurnRelay(failover, slots);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String clientKey = ClientKeys.of(exchange.getMessage().getHeader("Authorization", String.class),
                exchange.getMessage().getHeader("x-api-key", String.class));
        try (StreamSlots.Slot slot = slots.acquire(clientKey)) {
            HttpMessage message = exchange.getIn(HttpMessage.class);
            failover.run(exchange, new ClientResponse(message.getResponse(),
                    exchange.getProperty(ExchangeKeys.API, ClientApiCodec.class)), slot::close);
        }
    }
}
