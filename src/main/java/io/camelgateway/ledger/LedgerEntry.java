package io.camelgateway.ledger;

import java.util.List;

/** One client request for the ledger: its attempts and their summary, written together. */
public record LedgerEntry(List<LedgerRow> attempts, TurnSummary turn) {

    public LedgerEntry {
        attempts = List.copyOf(attempts);
    }

    public static LedgerEntry of(List<LedgerRow> attempts, PriceTable prices) {
        return new LedgerEntry(attempts, TurnSummary.of(attempts, prices));
    }
}
