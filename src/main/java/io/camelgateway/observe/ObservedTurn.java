package io.camelgateway.observe;

import io.camelgateway.ledger.Caller;
import io.camelgateway.ledger.CodexTurnIds;
import io.camelgateway.ledger.LedgerEntry;
import java.time.Instant;

/**
 * One finished client request as the access log, the metrics, the traces and the dashboard see it, whether or not the
 * ledger keeps rows. {@code entry} holds the priced attempts and is null when no upstream attempt was made (a cache
 * hit, or a request refused before any call). {@code cache} is hit, miss or bypass (null when the cache is off);
 * {@code status} and {@code errorCode} are what the client was told (200 and null for a delivered turn, also a stream
 * that later ended in response.failed: its terminal event is in the entry); {@code overheadMs} null when unknown.
 * {@code durationMs}: from the request's arrival at the entry to the end of its answer, null when unknown.
 */
public record ObservedTurn(Instant time, String clientApi, String requestedModel, Caller caller, CodexTurnIds codex,
                           String route, boolean stream, String cache, int status, String errorCode,
                           Double overheadMs, LedgerEntry entry, Double durationMs) {

    public ObservedTurn {
        caller = caller == null ? Caller.ANONYMOUS : caller;
        codex = codex == null ? CodexTurnIds.NONE : codex;
    }

    /** Without a duration (unknown). */
    public ObservedTurn(Instant time, String clientApi, String requestedModel, Caller caller, CodexTurnIds codex,
                        String route, boolean stream, String cache, int status, String errorCode, Double overheadMs,
                        LedgerEntry entry) {
        this(time, clientApi, requestedModel, caller, codex, route, stream, cache, status, errorCode, overheadMs,
                entry, null);
    }
}
