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
 * @param options       protocol options set by the route (e.g. {@code anthropic-version}, {@code max-tokens})
 */
public record ProviderTarget(String provider, String protocol, String baseUrl, String apiKey, String upstreamModel,
                             Map<String, String> options) {

    public ProviderTarget {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public String option(String name, String fallback) {
        String value = options.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public int intOption(String name, int fallback) {
        try {
            return Integer.parseInt(option(name, Integer.toString(fallback)).trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(option(name, "false").trim());
    }

    @Override
    public String toString() {
        return "ProviderTarget[" + provider + ", " + protocol + ", " + baseUrl + ", " + upstreamModel + "]";
    }
}
