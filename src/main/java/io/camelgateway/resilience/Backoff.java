package io.camelgateway.resilience;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of {@code base * 2^(n-1)}
 * (capped), so simultaneous failures do not retry in lockstep yet every retry still waits a minimum.
 */
public final class Backoff {

    private final long baseMs;
    private final long maxMs;
    private final DoubleSupplier random;

    public Backoff(long baseMs, long maxMs, DoubleSupplier random) {
        this.baseMs = Math.max(1, baseMs);
        this.maxMs = Math.max(this.baseMs, maxMs);
        this.random = random;
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public long delayMs(int retry) {
        int exponent = Math.min(Math.max(0, retry - 1), 30);
        long ceiling = Math.min(maxMs, baseMs << exponent);
        long half = ceiling / 2;
        return half + (long) (random.getAsDouble() * (ceiling - half));
    }
}
