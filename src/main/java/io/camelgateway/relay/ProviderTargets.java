package io.camelgateway.relay;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.secrets.SecretRedactor;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** Reads the {@link ProviderTarget} a provider route left on the exchange, with the gateway's key for it. */
final class ProviderTargets {

    static final String PROVIDER_KEY_MISSING = "provider_key_missing";
    private static final String KEY_REQUIRED = "key-required";

    private ProviderTargets() {
    }

    /** The target a provider route left on {@code exchange}. */
    static ProviderTarget targetOf(Exchange exchange) {
        String provider = exchange.getProperty(ExchangeKeys.PROVIDER, String.class);
        String protocol = exchange.getProperty(ExchangeKeys.PROTOCOL, String.class);
        String baseUrl = exchange.getProperty(ExchangeKeys.BASE_URL, String.class);
        if (protocol == null || baseUrl == null || baseUrl.isBlank()) {
            throw new GatewayException(new TurnError(500, "gateway_configuration_error", "provider_misconfigured",
                    "Provider '" + provider + "' route did not set a protocol and base URL. Contact the gateway's operator.",
                    null, null));
        }
        String keyName = exchange.getProperty(ExchangeKeys.API_KEY_NAME, String.class);
        Map<String, String> options = parseOptions(exchange.getProperty(ExchangeKeys.OPTIONS, String.class));
        String apiKey = null;
        if (keyName != null && !keyName.isBlank()) {
            apiKey = exchange.getContext().getPropertiesComponent().resolveProperty(keyName.trim())
                    .map(String::trim).filter(k -> !k.isEmpty()).orElse(null);
            if (apiKey == null && keyRequired(protocol.trim(), options)) {
                throw new GatewayException(keyMissing(provider, keyName.trim()));
            }
            SecretRedactor.register(apiKey);
        }
        return new ProviderTarget(provider, protocol.trim(), stripSlash(baseUrl.trim()), apiKey,
                exchange.getProperty(ExchangeKeys.UPSTREAM_MODEL, String.class), options);
    }

    /**
     * Whether a provider cannot work without its key: the {@code key-required} option when the route sets it, else
     * true for the hosted APIs (openai, anthropic) and false for openai-chat, which is often a local server with none.
     */
    static boolean keyRequired(String protocol, Map<String, String> options) {
        String declared = options.get(KEY_REQUIRED);
        if (declared != null && !declared.isBlank()) {
            return Boolean.parseBoolean(declared.trim());
        }
        return !"openai-chat".equals(protocol);
    }

    static TurnError keyMissing(String provider, String keyName) {
        return new TurnError(400, "gateway_configuration_error", PROVIDER_KEY_MISSING,
                "The gateway has no key for provider '" + provider + "': " + keyName
                        + " is not set on the gateway; ask its operator.", null, null);
    }

    static Map<String, String> parseOptions(String text) {
        Map<String, String> options = new HashMap<>();
        if (text == null) {
            return options;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return options;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
