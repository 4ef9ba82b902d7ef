package io.camelgateway.config;

/**
 * Tunables of the request path, read once from {@code application.properties} (each overridable by a
 * {@code -D} system property or an environment variable named after it).
 */
public record GatewaySettings(
        int connectTimeoutMs,
        int firstByteTimeoutMs,
        int idleTimeoutMs,
        long totalTimeoutMs,
        int keepAliveMs,
        int streamCommitAfterMs,
        int maxConnectionsPerHost,
        long maxBodyBytes,
        long requestBodyTimeoutMs,
        long requestHeadTimeoutMs,
        int maxPendingBodies,
        int drainSeconds) {
}
