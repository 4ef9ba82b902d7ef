package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/messages} body (already checked by {@link MessagesRequestRules}) → the canonical turn, for
 * providers other than Anthropic. The system prompt becomes the instructions, without Claude Code's per-release
 * billing header, which no other provider needs.
 */
final class MessagesRequestDecoder {

    static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private MessagesRequestDecoder() {
    }

    static TurnRequest decode(ObjectNode body) {
        JsonNode choice = body.get("tool_choice");
        JsonNode maxTokens = body.get("max_tokens");
        return new TurnRequest(
                Json.str(body, "model"),
                instructions(body.get("system")),
                new MessagesHistoryDecoder().decode(body.get("messages")),
                MessagesToolDecoder.tools(body.get("tools")),
                MessagesToolDecoder.choice(choice),
                MessagesToolDecoder.parallelCalls(choice),
                MessagesThinking.effort(body),
                maxTokens != null && maxTokens.isIntegralNumber() ? maxTokens.asInt() : null,
                number(body.get("temperature")),
                number(body.get("top_p")),
                stopSequences(body.get("stop_sequences")),
                null,
                body.path("stream").asBoolean(false),
                Json.str(body.path("metadata"), "user_id"),
                null);
    }

    /** The system text, blocks joined by blank lines; null when there is none. */
    static String instructions(JsonNode system) {
        if (system == null || system.isNull()) {
            return null;
        }
        if (system.isTextual()) {
            return system.asText().isBlank() ? null : system.asText();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : system) {
            String text = block.path("text").asText("");
            if (!text.isBlank() && !text.startsWith(BILLING_HEADER)) {
                texts.add(text);
            }
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    private static Double number(JsonNode value) {
        return value != null && value.isNumber() ? value.asDouble() : null;
    }

    private static List<String> stopSequences(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value != null && value.isArray()) {
            value.forEach(s -> out.add(s.asText()));
        }
        return out;
    }
}
