package io.camelgateway.keys.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import io.camelgateway.json.JsonSyntaxProblem;
import io.camelgateway.ops.AdminAccess;
import java.io.IOException;
import org.apache.camel.Exchange;

/**
 * The checks every key/team admin request passes first: the key API is on (an admin token is set), the request
 * bears that token, and its body is a JSON object of bounded size.
 */
final class AdminRequest {

    /** Admin bodies are a few hundred bytes; anything near this is not a key or team request. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private AdminRequest() {
    }

    /** Throws 404 when the key API is off and 401 when the token is missing or wrong. */
    static void authorize(Exchange exchange, AdminAccess access, boolean enabled) {
        if (!enabled) {
            throw new GatewayException(TurnError.notFound("not_found", "The key API is off: set GATEWAY_ADMIN_TOKEN"
                    + " (gateway.admin.token) and GATEWAY_KEY_PEPPER (gateway.keys.pepper) to turn it on."));
        }
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        if (!access.allowsToken(authorization)) {
            access.refused();
            throw new GatewayException(new TurnError(401, "invalid_request_error", "invalid_admin_token",
                    "The key API needs the admin token: Authorization: Bearer <GATEWAY_ADMIN_TOKEN>.", null, null));
        }
    }

    /** The request body as a JSON object; 415 for a form, 413 when too large, 400 when empty or not a JSON object. */
    static ObjectNode body(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type != null && (type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data"))) {
            // the HTTP server consumes form bodies as form fields, so the body would look empty
            throw new GatewayException(new TurnError(415, "invalid_request_error", "unsupported_media_type",
                    "The request body must be JSON sent with Content-Type: application/json.", null, null));
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw invalid("The request body is empty; expected a JSON object.", null);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new GatewayException(new TurnError(413, "invalid_request_error", "request_too_large",
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes.", null, null));
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (IOException e) {
            throw invalid(JsonSyntaxProblem.of(e).message(), null);
        }
        if (!(node instanceof ObjectNode object)) {
            throw invalid("The request body must be a JSON object.", null);
        }
        return object;
    }

    static GatewayException invalid(String message, String field) {
        return new GatewayException(TurnError.invalidRequest(message, field));
    }

    static void answer(Exchange exchange, int status, JsonNode body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body == null ? null : Json.bytes(body));
    }
}
