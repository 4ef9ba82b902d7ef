package io.camelgateway.shared;

import java.util.Set;

/**
 * Counters that every replica must agree on: budget reservations, rate-limit windows and key revocations. Scopes
 * are plain strings chosen by the caller (for example {@code key:<id>} or {@code team:<name>}); a budget's period is
 * a string too (for example {@code month:2026-11}, calendar-aligned by the caller), so a new period starts at zero.
 * Money is in micro-dollars. Implementations are thread-safe and check-and-update atomically.
 */
public interface SharedCounters extends AutoCloseable {

    /**
     * Reserves {@code microUsd} against the budget unless spent + reserved + this would exceed {@code hardLimitMicroUsd}.
     * Reserving an id that is already held changes nothing and answers allowed. Unsettled reservations expire.
     */
    BudgetResult reserve(String scope, String period, String reservationId, long microUsd, long hardLimitMicroUsd);

    /** Replaces the reservation by the real cost (added even when the reservation had expired). Call once per id. */
    BudgetResult settle(String scope, String period, String reservationId, long actualMicroUsd);

    /** Drops the reservation without spending (the call never reached a provider). */
    BudgetResult release(String scope, String period, String reservationId);

    BudgetResult totals(String scope, String period);

    /**
     * Adds {@code spentMicroUsd} (what was spent before this budget was counted here, e.g. from the ledger) to the
     * budget's spend unless the budget has been seeded already: atomic, so of two replicas seeding at once only the
     * first counts. Answers allowed when this call seeded it.
     */
    BudgetResult seedSpent(String scope, String period, long spentMicroUsd);

    /** Counts {@code amount} (requests or tokens) in the window only if it fits under {@code limit}. */
    RateResult acquire(String scope, long amount, long limit, long windowMillis, RateWindow window);

    /** Counts {@code amount} unconditionally (output tokens known after the call); the result says what is left. */
    RateResult record(String scope, long amount, long limit, long windowMillis, RateWindow window);

    /** Marks a key (by id or hash, the caller's choice) revoked for every replica. */
    void revoke(String keyId);

    /** Every revoked key known to this store. */
    Set<String> revokedKeys();

    @Override
    void close();
}
