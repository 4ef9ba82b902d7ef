package io.camelgateway.provider;

import java.util.Map;

/**
 * Where an OpenAI-style request goes on one kind of host and how it is authorised: OpenAI and the servers that copy
 * it take the API path under the base URL and a bearer key; a host with other paths or another auth header (Azure
 * OpenAI's deployments and {@code api-key}) gives the same codecs its own endpoint instead of a copy of them.
 */
public interface UpstreamEndpoint {

    /** OpenAI's own layout: {@code <base URL>/responses}, {@code authorization: Bearer <key>}. */
    UpstreamEndpoint OPENAI = bearer("authorization");

    /** OpenAI's layout, the key as a bearer in the header named {@code headerName}. */
    static UpstreamEndpoint bearer(String headerName) {
        return new UpstreamEndpoint() {
            @Override
            public String path(String apiPath, ProviderTarget target) {
                return apiPath;
            }

            @Override
            public void authorize(Map<String, String> headers, ProviderTarget target) {
                if (target.apiKey() != null) {
                    headers.put(headerName, "Bearer " + target.apiKey());
                }
            }
        };
    }

    /** The path (and query) under the target's base URL for an OpenAI API path such as {@code /chat/completions}. */
    String path(String apiPath, ProviderTarget target);

    /** Puts the target's credential in the header(s) this host reads; nothing when the target has none. */
    void authorize(Map<String, String> headers, ProviderTarget target);
}
