package io.camelgateway.metrics;

import io.camelgateway.canonical.Usage;
import io.camelgateway.ledger.LedgerEntry;
import io.camelgateway.ledger.LedgerRow;
import io.camelgateway.observe.ObservedTurn;
import io.camelgateway.observe.TurnObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The meters of every finished request, from the {@link ObservedTurn} the ledger tells: requests and latency by
 * client API, provider, model, route rule and status; the gateway's overhead and time to first token; tokens and
 * cost by model and team; provider prompt-cache tokens; and per upstream attempt the OpenTelemetry GenAI client
 * metrics ({@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.duration}). Labels are bounded: no key
 * or session id, model names through {@link ModelLabels}, a refused request's provider {@code none}.
 */
public final class TurnMeters implements TurnObserver {

    static final String NONE = "none";
    private static final Duration[] LATENCY_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 60, 120, 300, 600);
    private static final Duration[] OVERHEAD_BUCKETS = millis(0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000);
    private static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60);
    /** The OpenTelemetry GenAI conventions' advised buckets for gen_ai.client.token.usage. */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
        4194304, 16777216, 67108864};

    private final ModelLabels models;
    private final MeterCache<Counter> requests;
    private final MeterCache<Timer> durations;
    private final MeterCache<Timer> overheads;
    private final MeterCache<Timer> firstTokens;
    private final MeterCache<Timer> operations;
    private final MeterCache<DistributionSummary> tokenUsage;
    private final MeterCache<Counter> tokens;
    private final MeterCache<Counter> cacheTokens;
    private final MeterCache<Counter> costs;

    TurnMeters(MeterRegistry registry, ModelLabels models) {
        this.models = models;
        this.requests = new MeterCache<>(l -> Counter.builder("gateway_requests")
                .description("Finished client requests, refused ones included")
                .tags(requestTags(l)).register(registry));
        this.durations = new MeterCache<>(l -> Timer.builder("gateway_request_duration")
                .description("From a request's arrival to the end of its answer")
                .tags(requestTags(l)).serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
        this.overheads = new MeterCache<>(l -> Timer.builder("gateway_overhead")
                .description("The gateway's own time before the request went upstream (x-gateway-overhead-ms)")
                .tags("api", l.get(0), "provider", l.get(1)).serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry));
        this.firstTokens = new MeterCache<>(l -> Timer.builder("gateway_time_to_first_token")
                .description("From the upstream call to its first byte, streamed requests")
                .tags("provider", l.get(0), "model", l.get(1)).serviceLevelObjectives(FIRST_TOKEN_BUCKETS)
                .register(registry));
        this.operations = new MeterCache<>(l -> Timer.builder("gen_ai.client.operation.duration")
                .description("GenAI operation duration (one upstream call)")
                .tags(genAiTags(l)).tag("error.type", l.get(2)).serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
        this.tokenUsage = new MeterCache<>(l -> DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Tokens used per GenAI operation")
                .tags(genAiTags(l)).tag("gen_ai.token.type", l.get(2)).serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry));
        this.tokens = new MeterCache<>(l -> Counter.builder("gateway_tokens")
                .description("Tokens of upstream calls by model, team and type (input counts cached input too)")
                .tags("model", l.get(0), "team", l.get(1), "type", l.get(2)).register(registry));
        this.cacheTokens = new MeterCache<>(l -> Counter.builder("gateway_provider_cache_tokens")
                .description("Input tokens read from (read) or written to (write) the provider's prompt cache")
                .tags("provider", l.get(0), "model", l.get(1), "kind", l.get(2)).register(registry));
        this.costs = new MeterCache<>(l -> Counter.builder("gateway_cost_usd")
                .description("Priced cost of upstream calls, in USD")
                .tags("model", l.get(0), "team", l.get(1)).register(registry));
    }

    private static Tags requestTags(List<String> l) {
        return Tags.of("api", l.get(0), "provider", l.get(1), "model", l.get(2), "route", l.get(3), "status", l.get(4));
    }

    private static Tags genAiTags(List<String> l) {
        return Tags.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", l.get(0), "gen_ai.request.model", l.get(1));
    }

    @Override
    public void turnObserved(ObservedTurn turn) {
        LedgerEntry entry = turn.entry();
        LedgerRow last = entry == null ? null : entry.turn().last();
        String api = turn.clientApi() == null ? "unknown" : turn.clientApi();
        String provider = last == null ? NONE : last.provider();
        String model = last == null ? ModelLabels.UNKNOWN
                : models.label(last.provider(), last.upstreamModel(), answered(last));
        String route = turn.route() == null ? NONE : turn.route();
        String status = Integer.toString(turn.status());
        requests.get(api, provider, model, route, status).increment();
        if (turn.durationMs() != null) {
            durations.get(api, provider, model, route, status)
                    .record((long) (turn.durationMs() * 1_000_000), TimeUnit.NANOSECONDS);
        }
        if (turn.overheadMs() != null) {
            overheads.get(api, provider).record((long) (turn.overheadMs() * 1_000_000), TimeUnit.NANOSECONDS);
        }
        if (last != null && last.timeToFirstTokenMs() != null && turn.stream()) {
            firstTokens.get(provider, model).record(last.timeToFirstTokenMs(), TimeUnit.MILLISECONDS);
        }
        if (entry != null) {
            String team = turn.caller().team() == null ? NONE : turn.caller().team();
            for (LedgerRow attempt : entry.attempts()) {
                attempt(attempt, team);
            }
        }
    }

    private void attempt(LedgerRow attempt, String team) {
        String provider = attempt.provider();
        String model = models.label(provider, attempt.upstreamModel(), answered(attempt));
        operations.get(provider, model, attempt.errorCode() == null ? NONE : attempt.errorCode())
                .record(attempt.latencyMs(), TimeUnit.MILLISECONDS);
        Usage usage = attempt.usage();
        if (usage.totalTokens() <= 0) {
            return;
        }
        tokenUsage.get(provider, model, "input").record(usage.inputTokens());
        tokenUsage.get(provider, model, "output").record(usage.outputTokens());
        tokens.get(model, team, "input").increment(usage.inputTokens());
        tokens.get(model, team, "cached_input").increment(usage.cachedInputTokens());
        tokens.get(model, team, "cache_write").increment(usage.cacheWriteTokens());
        tokens.get(model, team, "output").increment(usage.outputTokens());
        tokens.get(model, team, "reasoning").increment(usage.reasoningTokens());
        cacheTokens.get(provider, model, "read").increment(usage.cachedInputTokens());
        cacheTokens.get(provider, model, "write").increment(usage.cacheWriteTokens());
        if (attempt.cost() != null) {
            costs.get(model, team).increment(attempt.cost().doubleValue());
        }
    }

    private static boolean answered(LedgerRow row) {
        return row.status() >= 200 && row.status() < 300;
    }

    private static Duration[] seconds(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1_000_000_000L));
        }
        return durations;
    }

    private static Duration[] millis(double... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos((long) (values[i] * 1_000_000L));
        }
        return durations;
    }
}
