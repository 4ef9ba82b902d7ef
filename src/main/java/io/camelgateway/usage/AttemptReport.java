package io.camelgateway.usage;

/**
 * One upstream attempt as the relay saw it, protocol-free: target, outcome, usage and timing.
 * {@code usage} is null when the attempt never reached the provider's answer (no tokens to charge);
 * {@code facts} (tool calls, terminal event) null when not read; {@code status} is the upstream HTTP status (0 when none arrived); {@code timeToFirstByteMs} null when none arrived.
 */
public record AttemptReport(String provider, String upstreamModel, int fallbackPosition, String retryReason,
                            int status, String errorCode, MeteredUsage usage, long latencyMs, Long timeToFirstByteMs,
                            boolean streamed, boolean completed, StreamFacts facts) {
}
