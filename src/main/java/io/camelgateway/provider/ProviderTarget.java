package io.camelgateway.provider;

import java.util.Map;

/**
 * Where and how one turn goes upstream, as decided by the provider's (reloadable) route.
 *
 * @param provider      the configured provider name (the prefix in {@code anthropic/claude-opus-4-7})
 * @param protocol      the wire protocol: {@code openai}, {@code anthropic}, {@code openai-chat}
 * @param baseUrl       the upstream base URL, without a trailing slash
 * @param apiKey        the gateway's own key for this provider (never logged), or null
 * @param upstreamModel the provider's model id, exactly as forwarded
 * @param options       the typed options the route set (timeouts, retries, protocol headers and limits)
 */
public record ProviderTarget(String provider, String protocol, String baseUrl, String apiKey, String upstreamModel,
                             ProviderOptions options) {

    public ProviderTarget {
        options = options == null ? ProviderOptions.NONE : options;
    }

    /** A target whose options are given by kamelet property name; see {@link ProviderOptions#of}. */
    public ProviderTarget(String provider, String protocol, String baseUrl, String apiKey, String upstreamModel,
                          Map<String, String> options) {
        this(provider, protocol, baseUrl, apiKey, upstreamModel, ProviderOptions.of(options));
    }

    @Override
    public String toString() {
        return "ProviderTarget[" + provider + ", " + protocol + ", " + baseUrl + ", " + upstreamModel + "]";
    }
}
