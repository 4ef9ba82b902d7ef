package io.camelgateway.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.json.Json;
import io.camelgateway.json.JsonSyntaxProblem;
import io.camelgateway.keys.Authenticator;
import io.camelgateway.keys.KeyPrincipal;
import io.camelgateway.models.ModelResolver;
import io.camelgateway.models.ResolvedModel;
import io.camelgateway.relay.ActiveStreams;
import io.camelgateway.routing.TurnRouting;
import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.trace.GatewayTracing;
import io.camelgateway.trace.TraceStep;
import io.camelgateway.trace.TurnTrace;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * First step of a turn route: authenticates the client (a virtual key in auth mode keys, its own provider key in
 * mode passthrough), parses and checks the client
 * body once, counts its tokens, resolves the model to a provider (or, for a routed alias, leaves that to the router
 * route), and puts all on the exchange for the provider route and the relay.
 */
public final class TurnEntry implements Processor {

    private final ClientApiCodec api;
    private final ModelResolver models;
    private final ActiveStreams active;
    private final TurnRouting routing;
    private final Authenticator authenticator;

    public TurnEntry(ClientApiCodec api, ModelResolver models, ActiveStreams active, TurnRouting routing,
                     Authenticator authenticator) {
        this.api = api;
        this.models = models;
        this.active = active;
        this.routing = routing;
        this.authenticator = authenticator;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.setProperty(ExchangeKeys.START_NANOS, System.nanoTime());
        exchange.setProperty(ExchangeKeys.API, api);
        TurnTrace trace = GatewayTracing.startRequest(exchange);
        active.turnAccepted();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange finished) {
                active.turnFinished();
            }
        });
        if (active.isDraining()) {
            throw new GatewayException(new TurnError(503, "server_error", "server_shutting_down",
                    "The gateway is shutting down; retry the request.", null, 1L));
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        String apiKeyHeader = exchange.getMessage().getHeader("x-api-key", String.class);
        KeyPrincipal principal = authenticator.authenticate(authorization, apiKeyHeader);
        putPrincipal(exchange, principal);
        passThrough(exchange, authenticator.passthroughKey(authorization, apiKeyHeader));
        refuseFormBodies(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        ObjectNode body;
        String model;
        try (TraceStep decode = trace.step("gateway.decode")) {
            body = parse(exchange.getMessage().getBody(byte[].class));
            model = api.validateAndGetModel(body);
        }
        trace.decoded(body, model);
        exchange.setProperty(ExchangeKeys.BODY, body);
        exchange.setProperty(ExchangeKeys.CLIENT_HEADERS, forwardedHeaders(exchange));
        exchange.setProperty(ExchangeKeys.CLIENT_MODEL, model);
        exchange.getMessage().setBody(null);
        if (routing.prepare(exchange, api, body, model)) {
            authenticator.checkModel(principal, model);
            trace.routingStarted();
            return;
        }
        ResolvedModel resolved = models.resolve(model);
        String target = resolved.provider() + "/" + resolved.modelId();
        trace.routeDecided("direct", target);
        authenticator.checkModel(principal, model, target);
        exchange.setProperty(ExchangeKeys.PROVIDER, resolved.provider());
        exchange.setProperty(ExchangeKeys.UPSTREAM_MODEL, resolved.modelId());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange served) {
                models.noteUsed(model); // listed in the catalog from now on (Codex matches catalog names exactly)
            }
        });
    }

    private static void putPrincipal(Exchange exchange, KeyPrincipal principal) {
        if (principal == null) {
            return;
        }
        exchange.setProperty(ExchangeKeys.KEY_ID, principal.keyId());
        exchange.setProperty(ExchangeKeys.KEY_OWNER, principal.owner());
        exchange.setProperty(ExchangeKeys.KEY_TEAM, principal.team());
        exchange.setProperty(ExchangeKeys.KEY_PROJECT, principal.project());
    }

    /** Hands the client's own provider key to the provider targets, and keeps it out of logs until the turn ends. */
    private static void passThrough(Exchange exchange, String clientKey) {
        if (clientKey == null) {
            return;
        }
        exchange.setProperty(ExchangeKeys.PASSTHROUGH_KEY, clientKey);
        SecretRedactor.Registration redacted = SecretRedactor.registerWhile(clientKey);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange finished) {
                redacted.close();
            }
        });
    }

    /** The request headers the client's API forwards to a provider speaking the same wire format. */
    private Map<String, String> forwardedHeaders(Exchange exchange) {
        if (api.forwardedHeaders().isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>();
        for (String name : api.forwardedHeaders()) {
            String value = exchange.getMessage().getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers;
    }

    /**
     * The HTTP server consumes a form-encoded body as form fields (curl -d sends that type by default), so the turn
     * would otherwise be reported as an empty body.
     */
    static void refuseFormBodies(String contentType) {
        if (contentType == null) {
            return;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            throw new GatewayException(new TurnError(415, "invalid_request_error", "unsupported_media_type",
                    "The request body must be JSON sent with Content-Type: application/json, not as a form"
                            + " (curl: add -H 'Content-Type: application/json').", null, null));
        }
    }

    static ObjectNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new RequestValidationException("The request body is empty; expected a JSON object", null);
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (IOException e) {
            throw new RequestValidationException(JsonSyntaxProblem.of(e).message(), null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new RequestValidationException("The request body must be a JSON object", null);
        }
        return object;
    }
}
