package io.camelgateway.resilience;

import io.camelgateway.provider.ProviderOptions;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.settings.GatewaySettings;
import java.util.Objects;

/**
 * One provider's timeouts: the defaults from {@code gateway.upstream.*}, overridden by the provider route's
 * {@code connect-timeout-ms}, {@code first-byte-timeout-ms}, {@code idle-timeout-ms} and {@code total-timeout-ms}.
 *
 * @param firstByteMs from sending the request to the response headers
 * @param idleMs      longest silence between stream chunks once the stream began
 */
public record ProviderTimeouts(int connectMs, int firstByteMs, int idleMs, long totalMs) {

    public static ProviderTimeouts of(ProviderTarget target, GatewaySettings defaults) {
        ProviderOptions options = target.options();
        return new ProviderTimeouts(
                Objects.requireNonNullElse(options.connectTimeoutMs(), defaults.connectTimeoutMs()),
                Objects.requireNonNullElse(options.firstByteTimeoutMs(), defaults.firstByteTimeoutMs()),
                Objects.requireNonNullElse(options.idleTimeoutMs(), defaults.idleTimeoutMs()),
                Objects.requireNonNullElse(options.totalTimeoutMs(), defaults.totalTimeoutMs()));
    }
}
