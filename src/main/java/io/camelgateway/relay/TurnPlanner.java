package io.camelgateway.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.secrets.SecretRedactor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the exchange (client body + the target the provider route chose) into a {@link TurnPlan}. */
public final class TurnPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(TurnPlanner.class);
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
        ClientApiCodec api = exchange.getProperty(ExchangeKeys.API, ClientApiCodec.class);
        ObjectNode body = exchange.getProperty(ExchangeKeys.BODY, ObjectNode.class);
        String clientModel = exchange.getProperty(ExchangeKeys.CLIENT_MODEL, String.class);
        long start = exchange.getProperty(ExchangeKeys.START_NANOS, System.nanoTime(), Long.class);
        boolean stream = body.path("stream").asBoolean(false);
        if (isPassthrough(api.name(), target.protocol())) {
            return new TurnPlan(api, body, clientModel, stream, target, passthroughRequest(api.name(), body, target),
                    null, null, start, responseHeaders(exchange));
        }
        ProviderCodec codec = codecs.get(target.protocol());
        if (codec == null) {
            throw new GatewayException(new TurnError(500, "gateway_configuration_error", "unknown_protocol",
                    "Provider '" + target.provider() + "' is configured with unknown protocol '" + target.protocol()
                            + "'. Contact the gateway's operator.", null, null));
        }
        TurnRequest request = api.decode(body).withModel(target.upstreamModel());
        TurnContext context = new TurnContext(request, target, ToolNameMap.forRequest(request, codec.toolNameRules()));
        return new TurnPlan(api, body, clientModel, request.stream(), target, codec.encodeRequest(context), codec, context,
                start, responseHeaders(exchange));
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> responseHeaders(Exchange exchange) {
        Map<String, String> headers = exchange.getProperty(ExchangeKeys.RESPONSE_HEADERS, Map.class);
        return headers == null ? Map.of() : Map.copyOf(headers);
    }

    static boolean isPassthrough(String api, String protocol) {
        if ("openai".equals(protocol)) {
            return true;
        }
        return "chat".equals(api) && "openai-chat".equals(protocol);
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

    /** Rewrites only the model (and drops other providers' reasoning, which OpenAI would reject). */
    private static UpstreamRequest passthroughRequest(String api, ObjectNode body, ProviderTarget target) {
        // the parsed body is this turn's own: edited in place (fallbacks re-run this and overwrite the model again)
        ObjectNode copy = body;
        copy.put("model", target.upstreamModel());
        if ("responses".equals(api)) {
            dropForeignReasoning(copy);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("accept", copy.path("stream").asBoolean(false) ? "text/event-stream" : "application/json");
        if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        String organization = target.option("organization", null);
        if (organization != null) {
            headers.put("openai-organization", organization);
        }
        String path = "responses".equals(api) ? "/responses" : "/chat/completions";
        return new UpstreamRequest(path, headers, Json.bytes(copy));
    }

    private static void dropForeignReasoning(ObjectNode body) {
        JsonNode input = body.get("input");
        if (!(input instanceof ArrayNode items)) {
            return;
        }
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            if ("reasoning".equals(Json.str(item, "type"))
                    && ReasoningEnvelope.isGatewayEnvelope(Json.str(item, "encrypted_content"))) {
                items.remove(i);
                LOG.debug("dropped a reasoning item another provider made before forwarding to OpenAI");
            }
        }
    }
}
