package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.secrets.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Reads an OpenAI-style error body ({@code {"error":{"message","type","code"}}}) of a relayed or translated call. */
public final class OpenAiErrorBodies {

    private OpenAiErrorBodies() {
    }

    public static TurnError map(String provider, int status, Function<String, String> headers, byte[] body) {
        String message = null;
        String code = null;
        try {
            JsonNode root = Json.parse(body);
            JsonNode error = root.has("error") ? root.get("error") : root;
            if (error.isTextual()) {
                message = error.asText();
            } else {
                message = Json.str(error, "message");
                code = Json.str(error, "code");
                if (code == null) {
                    code = Json.str(error, "type");
                }
            }
        } catch (Exception e) {
            String text = SecretRedactor.redact(new String(body, StandardCharsets.UTF_8).trim());
            message = text.length() > 300 ? text.substring(0, 300) : text;
        }
        return UpstreamErrors.fromStatus(provider, status, code, message, headers);
    }
}
