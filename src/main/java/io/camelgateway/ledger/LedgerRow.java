package io.camelgateway.ledger;

import io.camelgateway.canonical.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One upstream attempt as the ledger keeps it. {@code cost} is null when the model has no price (never 0 for
 * "unknown"); {@code usageEstimated} when the provider never reported all the usage (a cut or abandoned stream).
 * {@code attemptReason} says why this attempt was made after a previous one (retry or fallback); null for the first.
 * {@code cache} is the response cache's verdict (hit, miss, bypass; null when the cache is off): a hit's one row names
 * the provider and model whose stored answer was replayed, with zero usage and zero cost.
 */
public record LedgerRow(Instant time, String requestId, int attempt, Caller caller, CodexTurnIds codex,
                        String requestedModel, String provider, String upstreamModel, String route,
                        String attemptReason, Usage usage, boolean usageEstimated, BigDecimal cost,
                        long latencyMs, Long timeToFirstTokenMs, int status, String errorCode, String terminalEvent,
                        List<String> toolCalls, String cache) {

    /** A row without a response cache verdict (the cache off). */
    public LedgerRow(Instant time, String requestId, int attempt, Caller caller, CodexTurnIds codex,
                     String requestedModel, String provider, String upstreamModel, String route,
                     String attemptReason, Usage usage, boolean usageEstimated, BigDecimal cost,
                     long latencyMs, Long timeToFirstTokenMs, int status, String errorCode, String terminalEvent,
                     List<String> toolCalls) {
        this(time, requestId, attempt, caller, codex, requestedModel, provider, upstreamModel, route, attemptReason,
                usage, usageEstimated, cost, latencyMs, timeToFirstTokenMs, status, errorCode, terminalEvent, toolCalls,
                null);
    }

    /** True when the response cache answered this request (no upstream call, zero cost). */
    public boolean cacheHit() {
        return "hit".equals(cache);
    }

    public LedgerRow {
        caller = caller == null ? Caller.ANONYMOUS : caller;
        codex = codex == null ? CodexTurnIds.NONE : codex;
        usage = usage == null ? Usage.ZERO : usage;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
