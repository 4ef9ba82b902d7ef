package io.camelgateway.settings;

/**
 * The resilience tunables ({@code gateway.retry.*}, {@code gateway.overload.*}, {@code gateway.breaker.*}).
 *
 * @param maxRetries            retries per provider after its first attempt
 * @param maxAttemptsPerRequest upstream calls one client request may cause across the whole fallback chain
 * @param maxRetryAfterMs       a 429 is retried only when the provider asks to wait at most this long
 * @param backoffBaseMs         first backoff step
 * @param backoffMaxMs          largest backoff step
 * @param maxRetryTotalMs       no retry starts later than this after the request arrived
 * @param budgetWindowSeconds   sliding window of the per-provider retry share
 * @param budgetRatio           retries allowed as a share of requests in the window
 * @param budgetMinRetries      retries always allowed per window
 * @param maxStreams            concurrent turns the gateway accepts
 * @param maxStreamsPerKey      concurrent turns one client key may hold
 * @param overloadRetryAfterSeconds the {@code Retry-After} sent with an overload 429
 */
public record ResilienceSettings(int maxRetries, int maxAttemptsPerRequest, long maxRetryAfterMs, long backoffBaseMs,
                                 long backoffMaxMs, long maxRetryTotalMs, int budgetWindowSeconds, double budgetRatio,
                                 int budgetMinRetries, int maxStreams, int maxStreamsPerKey,
                                 long overloadRetryAfterSeconds, BreakerSettings breaker) {

    /** Circuit breaker parameters, passed to the {@code provider-breaker} route template. */
    public record BreakerSettings(int failureRateThreshold, int minimumNumberOfCalls, int slidingWindowSize,
                                  int waitDurationInOpenStateSeconds, int permittedCallsInHalfOpenState) {
    }

    public static ResilienceSettings from(SettingsReader read) {
        return new ResilienceSettings(
                read.integer("gateway.retry.max-retries"),
                read.integer("gateway.retry.max-attempts-per-request"),
                read.number("gateway.retry.max-retry-after-ms"),
                read.number("gateway.retry.backoff-base-ms"),
                read.number("gateway.retry.backoff-max-ms"),
                read.number("gateway.retry.max-total-ms"),
                read.integer("gateway.retry.budget.window-seconds"),
                read.decimal("gateway.retry.budget.ratio"),
                read.integer("gateway.retry.budget.min-retries"),
                read.integer("gateway.overload.max-concurrent-requests"),
                read.integer("gateway.overload.max-concurrent-requests-per-key"),
                read.number("gateway.overload.retry-after-seconds"),
                new BreakerSettings(
                        read.integer("gateway.breaker.failure-rate-threshold"),
                        read.integer("gateway.breaker.minimum-calls"),
                        read.integer("gateway.breaker.sliding-window-size"),
                        read.integer("gateway.breaker.wait-in-open-seconds"),
                        read.integer("gateway.breaker.half-open-calls")));
    }
}
