package io.camelgateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What of a request item or tool definition a model reads as tokens: every string value except identifiers,
 * type tags and opaque blobs (encrypted reasoning, signatures), images as a fixed estimate, tool schemas as JSON.
 */
final class TokenText {

    /** Flat per-image estimate (OpenAI's figure for a high-detail 512×512 tile set); images are not tokenised. */
    static final int IMAGE_TOKENS = 765;

    private static final Set<String> SKIPPED_FIELDS = Set.of("id", "call_id", "tool_call_id", "type", "role", "status",
            "encrypted_content", "signature", "detail", "strict", "execution");
    private static final Set<String> IMAGE_TYPES = Set.of("input_image", "image_url", "image");
    private static final Set<String> SCHEMA_FIELDS = Set.of("parameters", "input_schema", "format");

    private final StringBuilder text = new StringBuilder();
    private int fixedTokens;

    String text() {
        return text.toString();
    }

    int fixedTokens() {
        return fixedTokens;
    }

    /** An input item (Responses) or message (Chat Completions). */
    static TokenText ofItem(JsonNode item) {
        TokenText out = new TokenText();
        out.collect(item);
        return out;
    }

    /** A tool definition: name, description and schema JSON (Chat's {@code function} wrapper unwrapped). */
    static TokenText ofTool(JsonNode tool) {
        TokenText out = new TokenText();
        out.tool(tool.has("function") ? tool.get("function") : tool);
        return out;
    }

    private void tool(JsonNode tool) {
        if (!tool.has("name") && !tool.has("description")) {
            append(tool.toString());
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = tool.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if ("tools".equals(field.getKey()) && value.isArray()) {
                value.forEach(this::tool);
            } else if (SCHEMA_FIELDS.contains(field.getKey()) && value.isContainerNode()) {
                append(value.toString());
            } else if (value.isTextual() && !SKIPPED_FIELDS.contains(field.getKey())) {
                append(value.textValue());
            }
        }
    }

    private void collect(JsonNode node) {
        if (node.isTextual()) {
            append(node.textValue());
        } else if (node.isArray()) {
            node.forEach(this::collect);
        } else if (node.isObject()) {
            if (IMAGE_TYPES.contains(node.path("type").asText())) {
                fixedTokens += IMAGE_TOKENS;
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!SKIPPED_FIELDS.contains(field.getKey()) && !"file_data".equals(field.getKey())) {
                    collect(field.getValue());
                } else if ("file_data".equals(field.getKey())) {
                    // base64 document: roughly one token per four decoded bytes
                    fixedTokens += field.getValue().asText().length() * 3 / 16;
                }
            }
        }
    }

    private void append(String value) {
        if (value.isEmpty()) {
            return;
        }
        if (text.length() > 0) {
            text.append('\n');
        }
        text.append(value);
    }
}
