package io.camelgateway.provider.openaichat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.secrets.SecretRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Upstream error body → {@link UpstreamErrors#fromStatus}. Compatible servers disagree on the shape:
 * {@code {"error":{"message","type","code"}}} (OpenAI, vLLM, Groq), {@code {"error":"text"}} (Ollama),
 * {@code {"message":..}}, {@code {"detail":..}} (FastAPI-based servers) or plain text.
 */
public final class OpenAiChatErrorMapper {

    private static final int MAX_TEXT = 500;

    public TurnError map(String provider, int status, Function<String, String> headers, byte[] body) {
        // redacted before any excerpt is cut from it, so no part of a secret survives the cut
        String text = body == null ? "" : SecretRedactor.redact(new String(body, StandardCharsets.UTF_8).trim());
        JsonNode root = parse(text);
        String message = null;
        String code = null;
        if (root != null && root.isObject()) {
            JsonNode error = root.has("error") ? root.get("error") : root;
            if (error.isTextual()) {
                message = error.asText();
            } else {
                message = firstText(error, "message", "msg");
                code = firstText(error, "code");
                String type = firstText(error, "type");
                if (code == null && type != null && (type.contains("quota") || type.contains("context_length"))) {
                    code = type;
                }
                if (message == null && error.has("detail")) {
                    message = detail(error.get("detail"));
                }
            }
        } else if (!text.isEmpty()) {
            message = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
        }
        return UpstreamErrors.fromStatus(provider, status, code, message, headers);
    }

    private static JsonNode parse(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            return OpenAiChatRequestMapper.JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && (value.isTextual() || value.isNumber()) && !value.asText().isEmpty()) {
                return value.asText();
            }
        }
        return null;
    }

    /** FastAPI's {@code detail}: a string, or a list of {@code {"loc","msg"}} validation errors. */
    private static String detail(JsonNode detail) {
        if (detail.isTextual()) {
            return detail.asText();
        }
        if (detail.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode entry : detail) {
                if (out.length() > 0) {
                    out.append("; ");
                }
                String msg = firstText(entry, "msg", "message");
                out.append(msg != null ? msg : entry.toString());
            }
            return out.toString();
        }
        return detail.toString();
    }
}
