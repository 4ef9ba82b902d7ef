package io.camelgateway.relay;

import io.camelgateway.canonical.TurnResponse;
import java.util.function.BiConsumer;
import io.camelgateway.resilience.AttemptResult;
import io.camelgateway.resilience.ProviderTimeouts;
import io.camelgateway.trace.TurnTrace;
import io.camelgateway.usage.TurnUsage;
import java.util.Map;

/**
 * One upstream attempt handed to the provider's circuit-breaker route in an exchange property: the breaker runs
 * its steps on a copy of the exchange, and properties are copied by reference, so the relay inside the steps and
 * the turn relay outside share this object.
 */
public final class AttemptState {

    private final TurnPlan plan;
    private final ClientResponse client;
    private final ProviderTimeouts timeouts;
    private final Map<String, String> headers;
    private final TurnStream turnStream;
    private final TurnUsage turnUsage;
    private final int fallbackPosition;
    private final String retryReason;
    private final TurnTrace trace;
    private volatile AttemptResult result;
    private volatile Double overheadMs;
    private volatile BiConsumer<String, TurnResponse> answerStore;

    AttemptState(TurnPlan plan, ClientResponse client, ProviderTimeouts timeouts, Map<String, String> headers,
                 TurnStream turnStream) {
        this(plan, client, timeouts, headers, turnStream, new TurnUsage(), 0, null, TurnTrace.OFF);
    }

    /** {@code retryReason}: why this attempt follows an earlier one (null for the first). */
    AttemptState(TurnPlan plan, ClientResponse client, ProviderTimeouts timeouts, Map<String, String> headers,
                 TurnStream turnStream, TurnUsage turnUsage, int fallbackPosition, String retryReason,
                 TurnTrace trace) {
        this.plan = plan;
        this.client = client;
        this.timeouts = timeouts;
        this.headers = Map.copyOf(headers);
        this.turnStream = turnStream;
        this.turnUsage = turnUsage;
        this.fallbackPosition = fallbackPosition;
        this.retryReason = retryReason;
        this.trace = trace;
    }

    /** The request's trace, which the attempt's CLIENT span belongs to. */
    TurnTrace trace() {
        return trace;
    }

    /** Where the attempt's usage and outcome are collected for the ledger. */
    TurnUsage turnUsage() {
        return turnUsage;
    }

    int fallbackPosition() {
        return fallbackPosition;
    }

    String retryReason() {
        return retryReason;
    }

    /** The turn's client stream when the client asked for one, else null. */
    TurnStream turnStream() {
        return turnStream;
    }

    /** The response cache wants this attempt's completed answer: {@code store} takes (provider, answer). */
    void storeAnswerWith(BiConsumer<String, TurnResponse> store) {
        this.answerStore = store;
    }

    /** Where a completed answer goes for the response cache; null when it is not wanted. */
    BiConsumer<String, TurnResponse> answerStore() {
        return answerStore;
    }

    TurnPlan plan() {
        return plan;
    }

    ClientResponse client() {
        return client;
    }

    ProviderTimeouts timeouts() {
        return timeouts;
    }

    Map<String, String> headers() {
        return headers;
    }

    public String provider() {
        return plan.target().provider();
    }

    public AttemptResult result() {
        return result;
    }

    /** The gateway's own time before this attempt's request went upstream ({@code x-gateway-overhead-ms}), or null. */
    Double overheadMs() {
        return overheadMs;
    }

    void overheadMs(Double ms) {
        this.overheadMs = ms;
    }

    void record(AttemptResult outcome) {
        this.result = outcome;
    }

    /** From the breaker's fallback: keeps the relay's own outcome, else the breaker refused the call. */
    synchronized void recordIfMissing(AttemptResult outcome) {
        if (result == null) {
            result = outcome;
        }
    }
}
