package io.camelgateway.resilience;

import io.camelgateway.settings.GatewaySettings;
import io.camelgateway.provider.ProviderTarget;

/**
 * One provider's timeouts: the defaults from {@code gateway.upstream.*}, overridden by the provider route's options
 * ({@code connect-timeout-ms}, {@code first-byte-timeout-ms}, {@code idle-timeout-ms}, {@code total-timeout-ms}).
 *
 * @param firstByteMs from sending the request to the response headers
 * @param idleMs      longest silence between stream chunks once the stream began
 */
public record ProviderTimeouts(int connectMs, int firstByteMs, int idleMs, long totalMs) {

    public static ProviderTimeouts of(ProviderTarget target, GatewaySettings defaults) {
        return new ProviderTimeouts(
                target.intOption("connect-timeout-ms", defaults.connectTimeoutMs()),
                target.intOption("first-byte-timeout-ms", defaults.firstByteTimeoutMs()),
                target.intOption("idle-timeout-ms", defaults.idleTimeoutMs()),
                longOption(target, "total-timeout-ms", defaults.totalTimeoutMs()));
    }

    private static long longOption(ProviderTarget target, String name, long fallback) {
        try {
            return Long.parseLong(target.option(name, Long.toString(fallback)).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
