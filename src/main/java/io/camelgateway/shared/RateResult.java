package io.camelgateway.shared;

/**
 * A rate-limit decision. {@code remaining} is what is left in the window after this call (before it, when refused);
 * {@code retryAfterMillis} is 0 when allowed, else how long until the same amount would fit (at least 1 ms). An
 * amount larger than the whole limit never fits: it is refused with one full window as the retry time.
 */
public record RateResult(boolean allowed, long remaining, long retryAfterMillis) {

    /** Whole seconds for an HTTP {@code Retry-After} header, rounded up so a client never retries too early. */
    public long retryAfterSeconds() {
        return (retryAfterMillis + 999) / 1000;
    }
}
