package io.camelgateway.resilience;

import org.apache.camel.spi.PropertiesComponent;

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

    /** Reads {@code gateway.retry.*}, {@code gateway.overload.*} and {@code gateway.breaker.*}, with the defaults below. */
    public static ResilienceSettings from(PropertiesComponent properties) {
        Reader read = new Reader(properties);
        return new ResilienceSettings(
                (int) read.number("gateway.retry.max-retries", 2),
                (int) read.number("gateway.retry.max-attempts-per-request", 4),
                read.number("gateway.retry.max-retry-after-ms", 10_000),
                read.number("gateway.retry.backoff-base-ms", 250),
                read.number("gateway.retry.backoff-max-ms", 4_000),
                read.number("gateway.retry.max-total-ms", 30_000),
                (int) read.number("gateway.retry.budget.window-seconds", 10),
                Double.parseDouble(read.text("gateway.retry.budget.ratio", "0.2")),
                (int) read.number("gateway.retry.budget.min-retries", 5),
                (int) read.number("gateway.overload.max-concurrent-requests", 300),
                (int) read.number("gateway.overload.max-concurrent-requests-per-key", 50),
                read.number("gateway.overload.retry-after-seconds", 2),
                new BreakerSettings(
                        (int) read.number("gateway.breaker.failure-rate-threshold", 50),
                        (int) read.number("gateway.breaker.minimum-calls", 10),
                        (int) read.number("gateway.breaker.sliding-window-size", 20),
                        (int) read.number("gateway.breaker.wait-in-open-seconds", 30),
                        (int) read.number("gateway.breaker.half-open-calls", 2)));
    }

    private record Reader(PropertiesComponent properties) {
        String text(String key, String fallback) {
            return properties.resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(fallback);
        }

        long number(String key, long fallback) {
            return Long.parseLong(text(key, Long.toString(fallback)));
        }
    }
}
