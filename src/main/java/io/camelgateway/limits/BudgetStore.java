package io.camelgateway.limits;

import java.time.Instant;

/**
 * The spend counters behind budgets, one per scope and period, in micro-dollars (1 USD = 1,000,000). Every method
 * is one atomic operation on one counter, so concurrent requests never slip past a limit through a
 * check-then-record race. The in-process store holds them in memory; a Redis store runs each method as one script
 * so that several replicas share the counters.
 */
public interface BudgetStore {

    /**
     * Adds {@code micros} to the counter's reserved amount if spent + reserved + micros stays at or below
     * {@code capMicros}; otherwise changes nothing.
     *
     * @param counter   the counter's name (scope and period start)
     * @param expiresAt when the counter's period is over; the store may forget it some time after
     * @return whether it was added, and the counter's spent + reserved after the operation
     */
    ReserveResult tryReserve(String counter, long micros, long capMicros, Instant expiresAt);

    /** Removes {@code reservedMicros} from the reserved amount and adds {@code actualMicros} to the spent amount. */
    void settle(String counter, long reservedMicros, long actualMicros, Instant expiresAt);

    /** The counter's spent + reserved now (0 for a counter never written). */
    long committed(String counter);

    /** The counter's settled spend now (0 for a counter never written). */
    long spent(String counter);

    record ReserveResult(boolean accepted, long committedMicros) {
    }
}
