package io.camelgateway.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * Codex's own ids for a request: from the {@code x-codex-turn-metadata} header (a JSON object), else from the body's
 * {@code client_metadata} (which carries the same header as a JSON string, and the ids as fields).
 */
public record CodexTurnIds(String sessionId, String threadId, String turnId, String requestKind) {

    public static final CodexTurnIds NONE = new CodexTurnIds(null, null, null, null);
    private static final int MAX_ID = 128;

    /** {@code header}: the x-codex-turn-metadata header or null; {@code body}: the client's request body or null. */
    public static CodexTurnIds of(String header, JsonNode body) {
        JsonNode metadata = parse(header);
        JsonNode client = body == null ? null : body.get("client_metadata");
        if (metadata == null && client != null) {
            metadata = parse(text(client, "x-codex-turn-metadata"));
        }
        if (metadata == null && client == null) {
            return NONE;
        }
        return new CodexTurnIds(first(metadata, client, "session_id"), first(metadata, client, "thread_id"),
                first(metadata, client, "turn_id"), first(metadata, client, "request_kind"));
    }

    /** An id as stored: at most 128 characters. */
    static String bounded(String id) {
        return id == null || id.length() <= MAX_ID ? id : id.substring(0, MAX_ID);
    }

    private static String first(JsonNode metadata, JsonNode client, String field) {
        String value = text(metadata, field);
        return value != null ? value : text(client, field);
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.path(field).isTextual()) {
            return null;
        }
        String value = node.path(field).asText();
        return value.length() > MAX_ID ? value.substring(0, MAX_ID) : value;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.parse(json.getBytes(StandardCharsets.UTF_8));
            return node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }
}
