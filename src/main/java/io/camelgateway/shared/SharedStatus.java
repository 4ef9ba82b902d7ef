package io.camelgateway.shared;

/**
 * What /ready and the logs say about shared state. {@code mode}: {@code redis} (configured) or {@code local} (no
 * gateway.redis.url); {@code degraded}: Redis is configured but unreachable, so this replica counts on its own;
 * {@code fallbacks}: how many times it has fallen back since start (a metric).
 */
public record SharedStatus(String mode, boolean degraded, long fallbacks) {
}
