package io.camelgateway.resilience;

import java.util.function.LongSupplier;

/**
 * One provider's retry share over a sliding window of one-second buckets: retries may be at most {@code ratio} of
 * the requests seen in the window, plus {@code minRetries} so a quiet provider can still retry. Keeps one outage
 * from multiplying (Codex already retries a 5xx up to 30 times).
 */
public final class RetryBudget {

    private final int windowSeconds;
    private final double ratio;
    private final int minRetries;
    private final LongSupplier clockMs;
    private final long[] bucketSecond;
    private final int[] requests;
    private final int[] retries;

    public RetryBudget(int windowSeconds, double ratio, int minRetries, LongSupplier clockMs) {
        this.windowSeconds = Math.max(1, windowSeconds);
        this.ratio = ratio;
        this.minRetries = minRetries;
        this.clockMs = clockMs;
        this.bucketSecond = new long[this.windowSeconds];
        this.requests = new int[this.windowSeconds];
        this.retries = new int[this.windowSeconds];
    }

    /** Counts a first attempt (not a retry). */
    public synchronized void recordRequest() {
        requests[bucket()]++;
    }

    /** Takes one retry from the budget, or answers false when the share is spent. */
    public synchronized boolean tryAcquireRetry() {
        int index = bucket();
        if (sum(retries) + 1 > minRetries + ratio * sum(requests)) {
            return false;
        }
        retries[index]++;
        return true;
    }

    public synchronized int retriesInWindow() {
        bucket();
        return sum(retries);
    }

    public synchronized int requestsInWindow() {
        bucket();
        return sum(requests);
    }

    public int windowSeconds() {
        return windowSeconds;
    }

    /** The current second's bucket, after clearing buckets that fell out of the window. */
    private int bucket() {
        long second = clockMs.getAsLong() / 1000;
        for (int i = 0; i < windowSeconds; i++) {
            if (bucketSecond[i] <= second - windowSeconds || bucketSecond[i] > second) {
                bucketSecond[i] = 0;
                requests[i] = 0;
                retries[i] = 0;
            }
        }
        int index = (int) Math.floorMod(second, (long) windowSeconds);
        if (bucketSecond[index] != second) {
            bucketSecond[index] = second;
            requests[index] = 0;
            retries[index] = 0;
        }
        return index;
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }
}
