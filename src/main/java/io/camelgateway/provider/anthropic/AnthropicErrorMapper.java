package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.secrets.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Anthropic's {@code {"type":"error","error":{"type","message"}}} → the gateway's error policy. */
public final class AnthropicErrorMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW_MESSAGE = 300;

    public TurnError map(String provider, int status, Function<String, String> headers, byte[] body) {
        String type = null;
        String message = null;
        JsonNode error = parse(body).path("error");
        if (error.isObject()) {
            type = error.path("type").asText(null);
            message = error.path("message").asText(null);
        } else if (body != null && body.length > 0) {
            // not Anthropic's shape (a proxy's HTML page, plain text): keep a short excerpt for the operator
            // redacted before it is cut short, so no part of a secret survives the cut
            String raw = SecretRedactor.redact(new String(body, StandardCharsets.UTF_8).strip());
            message = raw.length() > MAX_RAW_MESSAGE ? raw.substring(0, MAX_RAW_MESSAGE) + "…" : raw;
        }
        return UpstreamErrors.fromStatus(provider, status, type, message, headers);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
