package io.camelgateway.provider.azure;

import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.UpstreamEndpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Azure OpenAI's paths under the resource root ({@code AZURE_OPENAI_ENDPOINT}) and its auth: the {@code api-key}
 * header, or an Entra ID token as a bearer.
 */
enum AzureEndpoint implements UpstreamEndpoint {

    /** {@code /openai/deployments/{deployment}/chat/completions?api-version=…}. */
    DEPLOYMENTS {
        @Override
        public String path(String apiPath, ProviderTarget target) {
            String version = target.options().azure().apiVersion();
            return "/openai/deployments/" + encode(target.upstreamModel()) + apiPath
                    + "?api-version=" + encode(version == null ? DEFAULT_API_VERSION : version);
        }
    },

    /** The v1 API: {@code /openai/v1/responses} (and {@code /openai/v1/chat/completions}), no api-version. */
    V1 {
        @Override
        public String path(String apiPath, ProviderTarget target) {
            return "/openai/v1" + apiPath;
        }
    };

    /** The newest GA data-plane version when neither the route nor {@code OPENAI_API_VERSION} sets one. */
    static final String DEFAULT_API_VERSION = "2024-10-21";

    /** Three base64url segments: an Entra ID access token, never an Azure OpenAI API key. */
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    @Override
    public void authorize(Map<String, String> headers, ProviderTarget target) {
        String credential = target.apiKey();
        if (credential == null) {
            return;
        }
        if (bearer(target.options().azure().auth(), credential)) {
            headers.put("authorization", "Bearer " + credential);
        } else {
            headers.put("api-key", credential);
        }
    }

    static boolean bearer(String auth, String credential) {
        if ("bearer".equals(auth)) {
            return true;
        }
        return !"api-key".equals(auth) && JWT.matcher(credential).matches();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
