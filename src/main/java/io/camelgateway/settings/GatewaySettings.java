package io.camelgateway.settings;

/**
 * Tunables of the request path, read once at startup.
 *
 * @param maxBodyBytes largest request body accepted ({@code camel.server.max-body-size})
 * @param drainSeconds how long open streams may finish after SIGTERM
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

    public static GatewaySettings from(SettingsReader read) {
        return new GatewaySettings(
                read.integer("gateway.upstream.connect-timeout-ms"),
                read.integer("gateway.upstream.first-byte-timeout-ms"),
                read.integer("gateway.upstream.idle-timeout-ms"),
                read.number("gateway.upstream.total-timeout-ms"),
                read.integer("gateway.stream.keepalive-ms"),
                read.integer("gateway.stream.commit-after-ms"),
                read.integer("gateway.upstream.max-connections-per-host"),
                read.number("camel.server.max-body-size"),
                read.number("gateway.request.body-timeout-ms"),
                read.number("gateway.request.head-timeout-ms"),
                read.integer("gateway.request.max-pending-bodies"),
                read.integer("gateway.shutdown.drain-seconds"));
    }
}
