package io.camelgateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.secrets.SecretRedactor;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** Turns the exchange (client body + the target the provider route chose) into a {@link TurnPlan}. */
public final class TurnPlanner {

    static final String PROVIDER_KEY_MISSING = "provider_key_missing";
    private static final String KEY_REQUIRED = "key-required";

    private final ProviderCodecs codecs;

    public TurnPlanner(ProviderCodecs codecs) {
        this.codecs = codecs;
    }

    TurnPlan plan(Exchange exchange) {
        return plan(exchange, targetOf(exchange));
    }

    /** Plans the client's turn for {@code target} (the routed one, or a fallback's). */
    TurnPlan plan(Exchange exchange, ProviderTarget target) {
        ClientTurn turn = clientTurn(exchange);
        String clientModel = exchange.getProperty(ExchangeKeys.CLIENT_MODEL, String.class);
        long start = exchange.getProperty(ExchangeKeys.START_NANOS, System.nanoTime(), Long.class);
        ProviderCodec codec = codecs.get(target.protocol());
        if (codec == null) {
            throw new GatewayException(new TurnError(500, "gateway_configuration_error", "unknown_protocol",
                    "Provider '" + target.provider() + "' is configured with unknown protocol '" + target.protocol()
                            + "'. Contact the gateway's operator.", null, null));
        }
        ProviderCall call = codec.prepare(turn, target);
        return new TurnPlan(turn.api(), turn.body(), clientModel, turn.stream(), target, call, start,
                responseHeaders(exchange));
    }

    /** The client's turn, made once per exchange so fallbacks share its decoded form. */
    @SuppressWarnings("unchecked")
    private static ClientTurn clientTurn(Exchange exchange) {
        ClientTurn turn = exchange.getProperty(ExchangeKeys.CLIENT_TURN, ClientTurn.class);
        if (turn == null) {
            turn = new ClientTurn(exchange.getProperty(ExchangeKeys.API, ClientApiCodec.class),
                    exchange.getProperty(ExchangeKeys.BODY, ObjectNode.class),
                    exchange.getProperty(ExchangeKeys.CLIENT_HEADERS, Map.class));
            exchange.setProperty(ExchangeKeys.CLIENT_TURN, turn);
        }
        return turn;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> responseHeaders(Exchange exchange) {
        Map<String, String> headers = exchange.getProperty(ExchangeKeys.RESPONSE_HEADERS, Map.class);
        return headers == null ? Map.of() : Map.copyOf(headers);
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
