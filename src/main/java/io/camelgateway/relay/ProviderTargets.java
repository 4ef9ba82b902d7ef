package io.camelgateway.relay;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.provider.ProviderOptions;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.secrets.SecretRedactor;
import org.apache.camel.Exchange;

/**
 * Reads the {@link ProviderTarget} a provider route left on the exchange, with the gateway's key for it, or the
 * client's own key in auth mode passthrough.
 */
final class ProviderTargets {

    static final String PROVIDER_KEY_MISSING = "provider_key_missing";

    private ProviderTargets() {
    }

    /** The target a provider route left on {@code exchange}. */
    static ProviderTarget targetOf(Exchange exchange) {
        String provider = exchange.getProperty(ExchangeKeys.PROVIDER, String.class);
        String protocol = exchange.getProperty(ExchangeKeys.PROTOCOL, String.class);
        String baseUrl = exchange.getProperty(ExchangeKeys.BASE_URL, String.class);
        if (protocol == null || baseUrl == null) {
            throw misconfigured(provider, "route did not set a protocol and base URL");
        }
        if (baseUrl.isBlank()) {
            // the route reads its URL from a variable with no default (e.g. a resource endpoint) that is not set
            throw new GatewayException(new TurnError(400, "gateway_configuration_error", PROVIDER_KEY_MISSING,
                    "The gateway has no endpoint for provider '" + provider + "': the variable its route reads the "
                            + "base URL from is not set on the gateway; ask its operator.", null, null));
        }
        ProviderOptions options;
        try {
            options = ProviderOptions.read(
                    name -> exchange.getProperty(ExchangeKeys.OPTION_PREFIX + name, String.class));
        } catch (ProviderOptions.InvalidOption e) {
            // provider files are checked at startup and on reload, so this is a route changed some other way
            throw misconfigured(provider, "route sets " + e.getMessage());
        }
        String keyName = exchange.getProperty(ExchangeKeys.API_KEY_NAME, String.class);
        // auth mode passthrough: the client's own key replaces the gateway's; each codec puts it in its own header
        String apiKey = exchange.getProperty(ExchangeKeys.PASSTHROUGH_KEY, String.class);
        if (apiKey == null && keyName != null && !keyName.isBlank()) {
            apiKey = firstSet(exchange, keyName);
            if (apiKey == null && keyRequired(protocol.trim(), options)) {
                throw new GatewayException(keyMissing(provider, keyName.trim()));
            }
            SecretRedactor.register(apiKey);
        }
        return new ProviderTarget(provider, protocol.trim(), stripSlash(baseUrl.trim()), apiKey,
                exchange.getProperty(ExchangeKeys.UPSTREAM_MODEL, String.class), options);
    }

    /** The value of the first variable of {@code keyNames} (one name, or alternatives separated by commas) set. */
    private static String firstSet(Exchange exchange, String keyNames) {
        for (String name : keyNames.split(",")) {
            if (!name.isBlank()) {
                String value = exchange.getContext().getPropertiesComponent().resolveProperty(name.trim())
                        .map(String::trim).filter(k -> !k.isEmpty()).orElse(null);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    /**
     * Whether a provider cannot work without its key: {@code key-required} when the route sets it, else true for
     * the hosted APIs (openai, anthropic) and false for openai-chat, which is often a local server with none.
     */
    static boolean keyRequired(String protocol, ProviderOptions options) {
        return options.keyRequired() != null ? options.keyRequired() : !"openai-chat".equals(protocol);
    }

    static TurnError keyMissing(String provider, String keyName) {
        return new TurnError(400, "gateway_configuration_error", PROVIDER_KEY_MISSING,
                "The gateway has no key for provider '" + provider + "': " + keyName
                        + (keyName.contains(",") ? " are" : " is") + " not set on the gateway; ask its operator.",
                null, null);
    }

    private static GatewayException misconfigured(String provider, String problem) {
        return new GatewayException(new TurnError(500, "gateway_configuration_error", "provider_misconfigured",
                "Provider '" + provider + "' " + problem + ". Contact the gateway's operator.", null, null));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
