package io.camelgateway.shared;

import java.time.Duration;

/**
 * How shared state behaves. {@code commandTimeout}: longest a request waits on Redis before falling back;
 * {@code reservationTtl}: an unsettled reservation (a replica died mid-call) returns to the budget after this;
 * {@code budgetRetention}: a budget's counters outlive their last write by this (longer than the longest period);
 * {@code healthCheckInterval}: how often a degraded replica tries Redis again; {@code revocationPoll}: how often a
 * replica looks for new revocations (the bound on how long a revoked key keeps working elsewhere).
 */
public record SharedSettings(String keyPrefix, Duration commandTimeout, Duration reservationTtl,
                             Duration budgetRetention, Duration healthCheckInterval, Duration revocationPoll) {

    public static SharedSettings defaults() {
        return new SharedSettings("gw:", Duration.ofMillis(500), Duration.ofMinutes(15), Duration.ofDays(40),
                Duration.ofSeconds(1), Duration.ofMillis(250));
    }
}
