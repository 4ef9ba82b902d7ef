package io.camelgateway.observe;

/**
 * What happens between a request and its answer that an operator wants a WARN line and a counter for. Called on
 * request and event-loop threads: implementations must not block. Every method is a no-op by default.
 */
public interface GatewayEvents {

    GatewayEvents NONE = new GatewayEvents() { };

    /** An upstream attempt failed ({@code status} 0 when no HTTP answer arrived). */
    default void upstreamFailed(String provider, String model, int status, String errorCode) {
    }

    /** The same provider is tried again after {@code waitMs} (backoff or Retry-After). */
    default void retrying(String provider, String model, int nextAttempt, String reason, long waitMs) {
    }

    /** As {@link #retrying(String, String, int, String, long)}; {@code retryAfter}: the wait is the provider's own. */
    default void retrying(String provider, String model, int nextAttempt, String reason, long waitMs,
                          boolean retryAfter) {
        retrying(provider, model, nextAttempt, reason, waitMs);
    }

    /** The turn moves from one model of its fallback chain to the next. */
    default void fellBack(String fromModel, String toModel, String reason) {
    }

    /** A provider's circuit breaker changed state (closed, open, half_open). */
    default void breakerChanged(String provider, String from, String to) {
    }

    /** A route file was (re)loaded or refused. */
    default void routesReloaded(String file, boolean accepted, String reason) {
    }

    /** A budget crossed its warning share, or refused a request ({@code scope}: key, team, …). */
    default void budgetEvent(String scope, String name, boolean refused) {
    }
}
