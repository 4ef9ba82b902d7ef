package io.camelgateway.limits;

import java.time.Instant;

/**
 * Fixed-window counters behind rate limits (requests and tokens per minute). Each method is one atomic operation;
 * a Redis store runs each as one script so that several replicas share the windows.
 */
public interface RateStore {

    /**
     * Adds {@code amount} to the window's count if the count stays at or below {@code limit}; otherwise changes
     * nothing. {@code windowEnd} is when the window closes; the store may forget it after that.
     *
     * @return whether it was added
     */
    boolean tryAcquire(String counter, long amount, long limit, Instant windowEnd);

    /** Adds {@code amount} (negative to give back) without a check: output tokens settle after the call. */
    void add(String counter, long amount, Instant windowEnd);

    /** The window's count now (0 for a window never written). */
    long count(String counter);
}
