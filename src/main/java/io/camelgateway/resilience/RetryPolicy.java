package io.camelgateway.resilience;

/**
 * Decides what follows a failed attempt: retry the same provider (and after how long), move to the next model in
 * the fallback chain, or stop and answer the client. Budgets (per request, per provider) are checked by the caller.
 *
 * <p>A 429 is retried only when the provider asked for a wait of at most {@code maxRetryAfterMs}; a longer (or no)
 * {@code Retry-After} moves on to the next model in the chain when there is one, since another provider's rate
 * limit is independent, and otherwise returns the 429 with the provider's {@code Retry-After}.
 */
public final class RetryPolicy {

    public enum Action { RETRY, NEXT, STOP }

    public record Decision(Action action, long delayMs) {
        static Decision retry(long delayMs) {
            return new Decision(Action.RETRY, delayMs);
        }

        static final Decision NEXT = new Decision(Action.NEXT, 0);
        static final Decision STOP = new Decision(Action.STOP, 0);
    }

    private final Backoff backoff;
    private final long maxRetryAfterMs;

    public RetryPolicy(Backoff backoff, long maxRetryAfterMs) {
        this.backoff = backoff;
        this.maxRetryAfterMs = maxRetryAfterMs;
    }

    /**
     * @param retriesDone  retries already made on this provider for this request
     * @param maxRetries   retries this provider may get
     * @param remainingMs  time left for retries in this request
     */
    public Decision decide(AttemptResult result, int retriesDone, int maxRetries, long remainingMs) {
        if (result.isFinal()) {
            return Decision.STOP;
        }
        if (result.kind() == AttemptResult.Kind.BREAKER_OPEN || result.isProviderAuthFailure()) {
            return Decision.NEXT;
        }
        Long asked = result.retryAfterMs();
        if (result.isRateLimited()) {
            if (asked == null || asked > maxRetryAfterMs) {
                return Decision.NEXT;
            }
            return retryWithin(asked, retriesDone, maxRetries, remainingMs);
        }
        if (!result.isProviderFailure()) {
            return Decision.STOP;
        }
        if (asked != null && asked > maxRetryAfterMs) {
            return Decision.NEXT;
        }
        long delay = backoff.delayMs(retriesDone + 1);
        if (asked != null) {
            delay = Math.max(delay, asked);
        }
        return retryWithin(delay, retriesDone, maxRetries, remainingMs);
    }

    private static Decision retryWithin(long delayMs, int retriesDone, int maxRetries, long remainingMs) {
        if (retriesDone >= maxRetries || delayMs > remainingMs) {
            return Decision.NEXT;
        }
        return Decision.retry(delayMs);
    }
}
