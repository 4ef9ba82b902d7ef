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

    private final MeterRegistry registry;
    private final ModelLabels models;

    TurnMeters(MeterRegistry registry, ModelLabels models) {
        this.registry = registry;
        this.models = models;
    }

    @Override
    public void turnObserved(ObservedTurn turn) {
        LedgerEntry entry = turn.entry();
        LedgerRow last = entry == null ? null : entry.turn().last();
        String api = turn.clientApi() == null ? "unknown" : turn.clientApi();
        String provider = last == null ? NONE : last.provider();
        String model = last == null ? ModelLabels.UNKNOWN
                : models.label(last.provider(), last.upstreamModel(), answered(last));
        Tags request = Tags.of("api", api, "provider", provider, "model", model,
                "route", turn.route() == null ? NONE : turn.route(), "status", Integer.toString(turn.status()));
        Counter.builder("gateway_requests").description("Finished client requests, refused ones included")
                .tags(request).register(registry).increment();
        if (turn.durationMs() != null) {
            Timer.builder("gateway_request_duration").description("From a request's arrival to the end of its answer")
                    .tags(request).serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
                    .record((long) (turn.durationMs() * 1_000_000), TimeUnit.NANOSECONDS);
        }
        if (turn.overheadMs() != null) {
            Timer.builder("gateway_overhead").description("The gateway's own time before the request went upstream"
                    + " (x-gateway-overhead-ms)").tags("api", api, "provider", provider)
                    .serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry)
                    .record((long) (turn.overheadMs() * 1_000_000), TimeUnit.NANOSECONDS);
        }
        if (last != null && last.timeToFirstTokenMs() != null && turn.stream()) {
            Timer.builder("gateway_time_to_first_token").description("From the upstream call to its first byte,"
                    + " streamed requests").tags("provider", provider, "model", model)
                    .serviceLevelObjectives(FIRST_TOKEN_BUCKETS).register(registry)
                    .record(last.timeToFirstTokenMs(), TimeUnit.MILLISECONDS);
        }
        if (entry != null) {
            String team = turn.caller().team() == null ? NONE : turn.caller().team();
            for (LedgerRow attempt : entry.attempts()) {
                attempt(attempt, team);
            }
        }
    }

    private void attempt(LedgerRow attempt, String team) {
        String model = models.label(attempt.provider(), attempt.upstreamModel(), answered(attempt));
        Tags genAi = Tags.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", attempt.provider(),
                "gen_ai.request.model", model);
        Timer.builder("gen_ai.client.operation.duration").description("GenAI operation duration (one upstream call)")
                .tags(genAi).tag("error.type", attempt.errorCode() == null ? NONE : attempt.errorCode())
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
                .record(attempt.latencyMs(), TimeUnit.MILLISECONDS);
        Usage usage = attempt.usage();
        if (usage.totalTokens() <= 0) {
            return;
        }
        tokenUsage(genAi, "input", usage.inputTokens());
        tokenUsage(genAi, "output", usage.outputTokens());
        tokens(model, team, "input", usage.inputTokens());
        tokens(model, team, "cached_input", usage.cachedInputTokens());
        tokens(model, team, "cache_write", usage.cacheWriteTokens());
        tokens(model, team, "output", usage.outputTokens());
        tokens(model, team, "reasoning", usage.reasoningTokens());
        cacheTokens(attempt.provider(), model, "read", usage.cachedInputTokens());
        cacheTokens(attempt.provider(), model, "write", usage.cacheWriteTokens());
        if (attempt.cost() != null) {
            Counter.builder("gateway_cost_usd").description("Priced cost of upstream calls, in USD")
                    .tags("model", model, "team", team).register(registry).increment(attempt.cost().doubleValue());
        }
    }

    private void tokenUsage(Tags genAi, String type, long count) {
        DistributionSummary.builder("gen_ai.client.token.usage").description("Tokens used per GenAI operation")
                .tags(genAi).tag("gen_ai.token.type", type).serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry).record(count);
    }

    private void tokens(String model, String team, String type, long count) {
        Counter.builder("gateway_tokens").description("Tokens of upstream calls by model, team and type"
                        + " (input counts cached input too)").tags("model", model, "team", team, "type", type)
                .register(registry).increment(count);
    }

    private void cacheTokens(String provider, String model, String kind, long count) {
        Counter.builder("gateway_provider_cache_tokens").description("Input tokens read from (read) or written to"
                        + " (write) the provider's prompt cache").tags("provider", provider, "model", model, "kind", kind)
                .register(registry).increment(count);
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
