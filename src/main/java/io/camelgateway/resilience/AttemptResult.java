package io.camelgateway.resilience;

import io.camelgateway.canonical.TurnError;

/**
 * How one upstream attempt ended.
 *
 * @param upstreamStatus the provider's HTTP status, or 0 when there was none (connect error, timeout)
 * @param retryAfterMs   what the provider asked us to wait, or null
 */
public record AttemptResult(Kind kind, TurnError error, int upstreamStatus, Long retryAfterMs) {

    public enum Kind {
        /** The client got the whole answer. */
        ANSWERED,
        /** Failed before any byte reached the client: nothing written, another attempt may answer. */
        FAILED_BEFORE_START,
        /** Failed after the stream began: the client already got an in-band failure; never retried. */
        FAILED_AFTER_START,
        /** The client went away. */
        CLIENT_GONE,
        /** The provider's circuit breaker refused the call; no upstream request was made. */
        BREAKER_OPEN
    }

    public static AttemptResult answered() {
        return new AttemptResult(Kind.ANSWERED, null, 200, null);
    }

    public static AttemptResult clientGone() {
        return new AttemptResult(Kind.CLIENT_GONE, null, 0, null);
    }

    public static AttemptResult beforeStart(TurnError error, int upstreamStatus, Long retryAfterMs) {
        return new AttemptResult(Kind.FAILED_BEFORE_START, error, upstreamStatus, retryAfterMs);
    }

    public static AttemptResult afterStart(TurnError error) {
        return new AttemptResult(Kind.FAILED_AFTER_START, error, 0, null);
    }

    public static AttemptResult breakerOpen(TurnError error) {
        return new AttemptResult(Kind.BREAKER_OPEN, error, 0, null);
    }

    /** Nothing more may be tried: the client has (or no longer wants) its answer. */
    public boolean isFinal() {
        return kind == Kind.ANSWERED || kind == Kind.FAILED_AFTER_START || kind == Kind.CLIENT_GONE;
    }

    /** Counts against the provider's circuit breaker: the provider itself failed (not the client, not a rate limit). */
    public boolean isProviderFailure() {
        if (kind == Kind.FAILED_AFTER_START) {
            return true;
        }
        return kind == Kind.FAILED_BEFORE_START && (upstreamStatus == 0 || upstreamStatus >= 500);
    }

    public boolean isRateLimited() {
        return kind == Kind.FAILED_BEFORE_START && upstreamStatus == 429;
    }

    /** The gateway's credentials were rejected: the client cannot fix it, another provider may answer. */
    public boolean isProviderAuthFailure() {
        return kind == Kind.FAILED_BEFORE_START && (upstreamStatus == 401 || upstreamStatus == 403);
    }
}
