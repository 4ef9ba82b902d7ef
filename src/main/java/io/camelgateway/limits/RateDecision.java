package io.camelgateway.limits;

/** The answer to a rate-limit check. */
public sealed interface RateDecision {

    /** Admitted; {@code ticket} settles the output tokens after the call. */
    record Admitted(RateLimits.Ticket ticket) implements RateDecision {
    }

    /** A window is full; capacity frees in {@code retryAfterSeconds}. */
    record Limited(LimitScope scope, String limit, long perMinute, long retryAfterSeconds) implements RateDecision {
    }

    /** The request alone needs more tokens than the scope may use in a minute: waiting would not help. */
    record TooLarge(LimitScope scope, long tokens, long tokensPerMinute) implements RateDecision {
    }
}
