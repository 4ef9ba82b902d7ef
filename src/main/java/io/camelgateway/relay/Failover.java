package io.camelgateway.relay;

import io.camelgateway.cache.CacheLookup;
import io.camelgateway.cache.ResponseCache;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.observe.GatewayEvents;
import io.camelgateway.settings.GatewaySettings;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.resilience.AttemptResult;
import io.camelgateway.resilience.ProviderBreakers;
import io.camelgateway.resilience.ProviderStats;
import io.camelgateway.resilience.ProviderTimeouts;
import io.camelgateway.settings.ResilienceSettings;
import io.camelgateway.trace.GatewayTracing;
import io.camelgateway.trace.TraceStep;
import io.camelgateway.resilience.RetryBudget;
import io.camelgateway.resilience.RetryPolicy;
import io.camelgateway.usage.TurnRecorder;
import io.camelgateway.usage.TurnUsage;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ExchangeBuilder;

/**
 * Runs one turn over its fallback chain: each model's provider gets a first attempt and, per {@link RetryPolicy},
 * retries within the request's attempt cap, the provider's retry share and the retry time limit. Every attempt goes
 * through the provider's circuit-breaker route. Only failures before the first byte move on; when nothing answered,
 * the last failure goes to the client with {@code Retry-After}. A rejected key (401/403) rules out every later model
 * on the same provider or with the same key; a provider whose key is not set is skipped without an upstream call.
 */
final class Failover {

    private final TurnPlanner planner;
    private final FallbackTargets targets;
    private final ProviderBreakers breakers;
    private final ProviderStats stats;
    private final RetryPolicy policy;
    private final ResilienceSettings settings;
    private final GatewaySettings gateway;
    private final ActiveStreams active;
    private final Vertx vertx;
    private final TurnRecorder recorder;
    private final GatewayEvents events;
    private final ResponseCache cache;
    private final java.util.Map<String, org.apache.camel.Endpoint> breakerEndpoints =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@code events} hears of every upstream failure, retry and fallback (the WARN lines and their counters);
     * {@code cache} answers what it can before the chain runs and keeps what it may replay.
     */
    Failover(TurnPlanner planner, FallbackTargets targets, ProviderBreakers breakers, ProviderStats stats,
             RetryPolicy policy, ResilienceSettings settings, GatewaySettings gateway, ActiveStreams active,
             Vertx vertx, TurnRecorder recorder, GatewayEvents events, ResponseCache cache) {
        this.recorder = recorder;
        this.events = events;
        this.cache = cache;
        this.planner = planner;
        this.targets = targets;
        this.breakers = breakers;
        this.stats = stats;
        this.policy = policy;
        this.settings = settings;
        this.gateway = gateway;
        this.active = active;
        this.vertx = vertx;
    }

    /** What the client is told when nothing answered, and what earlier attempts cost or ruled out. */
    private static final class Outcome {
        TurnError error;
        TurnPlan plan;
        int position;
        int attempts;
        boolean budgetSpent;
        /** The last failure was an open circuit breaker: the provider is down, not slow. */
        boolean providerDown;
        /** The client's stream for a streaming turn, created with the first plan. */
        TurnStream stream;
        /** Backoff and Retry-After sleeps, reported in {@code x-gateway-retry-wait-ms}. */
        long waitedNanos;
        /** Time spent in attempts that failed: the provider's time, not the gateway's overhead. */
        long failedAttemptNanos;
        /** The response cache's verdict: a miss stores the answer that completes. */
        CacheLookup cached = CacheLookup.OFF;
        /** Every attempt's usage and outcome, for the ledger. */
        final TurnUsage usage = new TurnUsage();
        final Set<String> rejectedProviders = new HashSet<>();
        final Set<String> rejectedKeys = new HashSet<>();

        /** A provider rejected its key: neither it nor another provider sharing that key is worth a call. */
        void credentialsRejected(ProviderTarget target) {
            rejectedProviders.add(target.provider());
            if (target.apiKey() != null) {
                rejectedKeys.add(target.apiKey());
            }
        }

        boolean usesRejectedCredentials(ProviderTarget target) {
            return rejectedProviders.contains(target.provider())
                    || target.apiKey() != null && rejectedKeys.contains(target.apiKey());
        }
    }

    /**
     * Answers the request; {@code answered} runs as soon as the client has its answer, before the bookkeeping that
     * follows (ledger, logs, meters, spans), so a client's next request never finds its slot still taken.
     */
    void run(Exchange exchange, ClientResponse client, Runnable answered) throws Exception {
        Outcome outcome = new Outcome();
        CacheLookup cached = lookUp(exchange);
        if (cached.hit()) {
            try {
                outcome.usage.add(CachedReplay.answer(exchange, client, TurnPlanner.clientTurn(exchange), cached));
            } finally {
                answered.run();
                try (GatewayTracing.Observing traced = GatewayTracing.observing(exchange)) {
                    recorder.turnEnded(exchange, outcome.usage);
                }
            }
            return;
        }
        outcome.cached = cached;
        try {
            runChain(exchange, client, outcome);
        } catch (GatewayException refused) {
            clientTold(exchange, refused.error().status(), refused.error().code());
            throw refused;
        } catch (RuntimeException failed) {
            clientTold(exchange, 500, "internal_error");
            throw failed;
        } finally {
            if (outcome.stream != null) {
                outcome.stream.close();
            }
            answered.run();
            if (exchange.getProperty(ExchangeKeys.OVERHEAD_MS) == null) {
                exchange.setProperty(ExchangeKeys.OVERHEAD_MS, client.overheadMs());
            }
            try (GatewayTracing.Observing traced = GatewayTracing.observing(exchange)) {
                recorder.turnEnded(exchange, outcome.usage);
            }
        }
    }

    /** The response cache's verdict, looked up for the first target; a target that cannot be used bypasses it. */
    private CacheLookup lookUp(Exchange exchange) {
        if (!cache.enabled()) {
            return CacheLookup.OFF;
        }
        ProviderTarget first;
        try {
            first = ProviderTargets.targetOf(exchange);
        } catch (GatewayException unusable) {
            return cache.bypass(exchange);
        }
        try (TraceStep lookup = GatewayTracing.step(exchange, "gateway.cache.lookup")) {
            return cache.lookup(exchange, TurnPlanner.clientTurn(exchange), first);
        }
    }

    private void runChain(Exchange exchange, ClientResponse client, Outcome outcome) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.maxRetryTotalMs());
        List<String> fallbacks = targets.fallbacksFor(exchange);
        for (int position = 0; position <= fallbacks.size(); position++) {
            if (outcome.attempts >= settings.maxAttemptsPerRequest()) {
                outcome.budgetSpent = true;
                break;
            }
            TurnPlan plan;
            try {
                plan = position == 0 ? planner.plan(exchange)
                        : planner.plan(exchange, targets.resolve(exchange, fallbacks.get(position - 1)));
            } catch (GatewayException unusable) {
                // a provider without its key may still have a fallback that has one
                if (position == 0 && !ProviderTargets.PROVIDER_KEY_MISSING.equals(unusable.error().code())) {
                    throw unusable;
                }
                outcome.error = unusable.error();
                outcome.providerDown = false;
                continue;
            }
            if (outcome.usesRejectedCredentials(plan.target()) || otherProviderInPassthrough(exchange, outcome, plan)) {
                continue;
            }
            if (outcome.plan != null) {
                events.fellBack(modelName(outcome.plan), modelName(plan),
                        outcome.error == null ? null : outcome.error.code());
            }
            outcome.plan = plan;
            outcome.position = position;
            if (plan.stream() && outcome.stream == null) {
                outcome.stream = openStream(exchange, client, plan);
            }
            if (!tryProvider(exchange, client, plan, position, deadline, outcome)) {
                break;
            }
        }
        if (!client.closed()) {
            answerWithFailure(exchange, client, outcome);
        }
    }

    /** Attempts one chain position; false when the turn is over (answered, client gone, or nothing more allowed). */
    private boolean tryProvider(Exchange exchange, ClientResponse client, TurnPlan plan, int position, long deadline,
                                Outcome outcome) throws Exception {
        String provider = plan.target().provider();
        RetryBudget budget = stats.budget(provider);
        budget.recordRequest();
        ProviderTimeouts timeouts = ProviderTimeouts.of(plan.target(), gateway);
        int maxRetries = Objects.requireNonNullElse(plan.target().options().maxRetries(), settings.maxRetries());
        int retries = 0;
        boolean credentialsRenewed = false;
        while (true) {
            if (client.closed()) {
                return false;
            }
            if (active.isDraining()) {
                outcome.error = new TurnError(503, "server_error", "server_shutting_down",
                        "The gateway is restarting; retry the request.", null, 1L);
                outcome.providerDown = false;
                return false;
            }
            outcome.attempts++;
            String reason = outcome.attempts == 1 || outcome.error == null ? null
                    : (retries > 0 ? "retry after " : "fallback after ") + outcome.error.code();
            AttemptState attempt = new AttemptState(
                    plan.notCountingAsOverhead(outcome.waitedNanos + outcome.failedAttemptNanos), client, timeouts,
                    attemptHeaders(position, outcome.attempts, outcome.waitedNanos), outcome.stream, outcome.usage,
                    position, reason, GatewayTracing.of(exchange));
            if (outcome.cached.storesAnswer()) {
                attempt.storeAnswerWith(outcome.cached::store);
            }
            long attemptStart = System.nanoTime();
            AttemptResult result = runThroughBreaker(exchange, attempt);
            if (attempt.overheadMs() != null) {
                exchange.setProperty(ExchangeKeys.OVERHEAD_MS, attempt.overheadMs());
            }
            if (result.kind() == AttemptResult.Kind.FAILED_AFTER_START || !result.isFinal()
                    && result.kind() != AttemptResult.Kind.BREAKER_OPEN) {
                events.upstreamFailed(provider, plan.target().upstreamModel(), result.upstreamStatus(),
                        result.error() == null ? null : result.error().code());
            }
            if (result.isFinal()) {
                return false;
            }
            outcome.failedAttemptNanos += System.nanoTime() - attemptStart;
            if (result.upstreamStatus() == 401 && !credentialsRenewed && plan.call().renewCredentials()) {
                // an expired or revoked access token: the call now carries a fresh one, sent once more
                credentialsRenewed = true;
                outcome.error = result.error();
                continue;
            }
            if (result.isProviderAuthFailure()) {
                outcome.credentialsRejected(plan.target());
            }
            if (result.kind() == AttemptResult.Kind.BREAKER_OPEN) {
                outcome.attempts--;
            } else {
                stats.recordFailure(provider, result.error());
            }
            outcome.error = result.error();
            outcome.providerDown = result.kind() == AttemptResult.Kind.BREAKER_OPEN;
            long remainingMs = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            RetryPolicy.Decision decision = policy.decide(result, retries, maxRetries, remainingMs);
            if (decision.action() == RetryPolicy.Action.STOP) {
                return false;
            }
            if (decision.action() == RetryPolicy.Action.NEXT) {
                return true;
            }
            if (outcome.attempts >= settings.maxAttemptsPerRequest()) {
                outcome.budgetSpent = true;
                return false;
            }
            if (!budget.tryAcquireRetry()) {
                outcome.budgetSpent = true;
                return true;
            }
            retries++;
            events.retrying(provider, plan.target().upstreamModel(), outcome.attempts + 1,
                    result.error() == null ? null : result.error().code(), decision.delayMs(),
                    result.retryAfterMs() != null);
            long sleepStart = System.nanoTime();
            Thread.sleep(decision.delayMs());
            outcome.waitedNanos += System.nanoTime() - sleepStart;
        }
    }

    /** The client stream of a streaming turn: a commit announces the first plan's provider and model. */
    private TurnStream openStream(Exchange exchange, ClientResponse client, TurnPlan plan) {
        TurnStream stream = new TurnStream(client, plan.api(), vertx, gateway.streamCommitAfterMs(),
                gateway.keepAliveMs());
        Map<String, String> headers = new LinkedHashMap<>(TurnPlanner.responseHeaders(exchange));
        headers.put("x-gateway-provider", plan.target().provider());
        headers.put("x-gateway-model", plan.target().upstreamModel());
        headers.put("x-gateway-stream-committed", "early");
        stream.prepare(headers, plan.target().upstreamModel(), plan.clientBody(), inputTokens(exchange));
        return stream;
    }

    private static long inputTokens(Exchange exchange) {
        Integer counted = exchange.getMessage().getHeader(ExchangeKeys.INPUT_TOKENS, Integer.class);
        return counted == null ? 0 : counted;
    }

    /** Resolved once per provider: resolving a URI on every request normalises it each time. */
    private org.apache.camel.Endpoint breakerEndpoint(Exchange exchange, String provider) {
        return breakerEndpoints.computeIfAbsent(provider,
                name -> exchange.getContext().getEndpoint(breakers.endpoint(name)));
    }

    private AttemptResult runThroughBreaker(Exchange exchange, AttemptState attempt) {
        Exchange carrier = ExchangeBuilder.anExchange(exchange.getContext())
                .withProperty(ExchangeKeys.ATTEMPT, attempt).build();
        targets.producer(exchange).send(breakerEndpoint(exchange, attempt.provider()), carrier);
        AttemptResult result = attempt.result();
        if (result == null) {
            Exception failure = carrier.getException();
            throw new IllegalStateException("the circuit breaker route of " + attempt.provider()
                    + " ended without an outcome", failure);
        }
        return result;
    }

    private static Map<String, String> attemptHeaders(int position, int attempts, long waitedNanos) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-gateway-attempts", Integer.toString(attempts));
        headers.put("x-gateway-fallback", Integer.toString(position));
        headers.put("x-gateway-retry-wait-ms", Long.toString(TimeUnit.NANOSECONDS.toMillis(waitedNanos)));
        return headers;
    }

    private void answerWithFailure(Exchange exchange, ClientResponse client, Outcome outcome) throws Exception {
        TurnError error = outcome.error != null ? outcome.error : new TurnError(503, "server_error",
                "provider_unavailable", "No provider could take this request; retry later.", null, 1L);
        if (error.retryAfterSeconds() == null && (error.status() >= 500 || outcome.budgetSpent)) {
            error = error.withRetryAfter(1L);
        }
        if (exchange.getProperty(ExchangeKeys.PASSTHROUGH_KEY) != null && outcome.plan != null) {
            error = ownKeyRejected(error, outcome.plan.target().provider());
        }
        Map<String, String> headers = new LinkedHashMap<>(TurnPlanner.responseHeaders(exchange));
        headers.putAll(attemptHeaders(outcome.position, outcome.attempts, outcome.waitedNanos));
        if (outcome.plan != null) {
            headers.put("x-gateway-provider", outcome.plan.target().provider());
            headers.put("x-gateway-model", outcome.plan.target().upstreamModel());
        }
        if (outcome.budgetSpent) {
            headers.put("x-gateway-retry-budget", "exhausted");
        }
        exchange.setProperty(ExchangeKeys.CLIENT_ERROR_CODE, error.code());
        CompletableFuture<Void> written = new CompletableFuture<>();
        if (outcome.providerDown && outcome.stream != null && outcome.stream.commitAnnouncesStart()) {
            // Codex answers a 503 by retrying for minutes in silence ("Reconnecting... n/5"); a response.failed it
            // retries 5 times within seconds, showing the message each time (CodexProviderDownE2ETest)
            outcome.stream.commitNow();
        }
        if (outcome.stream != null && outcome.stream.failInBand(error, () -> written.complete(null))) {
            written.get(30, TimeUnit.SECONDS);
            return;
        }
        exchange.setProperty(ExchangeKeys.CLIENT_STATUS, error.status());
        client.sendError(error, headers, () -> written.complete(null));
        written.get(30, TimeUnit.SECONDS);
    }

    /** What the access log and the metrics report for a turn that ends in an exception the entry answers. */
    private static void clientTold(Exchange exchange, int status, String code) {
        if (exchange.getProperty(ExchangeKeys.CLIENT_STATUS) == null) {
            exchange.setProperty(ExchangeKeys.CLIENT_STATUS, status);
            exchange.setProperty(ExchangeKeys.CLIENT_ERROR_CODE, code);
        }
    }

    private static String modelName(TurnPlan plan) {
        return plan.target().provider() + "/" + plan.target().upstreamModel();
    }

    /**
     * In auth mode passthrough the key is the client's key for one provider: a fallback to another provider would hand
     * it to a vendor it was not meant for, so only fallbacks on the provider of the first attempt are tried.
     */
    private static boolean otherProviderInPassthrough(Exchange exchange, Outcome outcome, TurnPlan plan) {
        return outcome.plan != null && exchange.getProperty(ExchangeKeys.PASSTHROUGH_KEY) != null
                && !outcome.plan.target().provider().equals(plan.target().provider());
    }

    /** In auth mode passthrough the rejected key is the client's own, not the gateway's: say so (same status). */
    private static TurnError ownKeyRejected(TurnError error, String provider) {
        if (!"provider_auth_failed".equals(error.code())) {
            return error;
        }
        return new TurnError(error.status(), "invalid_request_error", error.code(), "Provider '" + provider
                + "' rejected the key you sent: this gateway passes your own key to the provider, so check that key.",
                error.param(), error.retryAfterSeconds());
    }
}
