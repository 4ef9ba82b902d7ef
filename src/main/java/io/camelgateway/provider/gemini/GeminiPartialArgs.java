package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a streamed function call's {@code partialArgs} ({@code jsonPath} plus a {@code stringValue},
 * {@code numberValue}, {@code boolValue} or {@code nullValue}) applied to the arguments built so far. A string
 * arrives in pieces: each piece is appended to what the path already holds.
 */
final class GeminiPartialArgs {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeminiPartialArgs() {
    }

    static void apply(ObjectNode args, JsonNode partial) {
        List<Object> path = path(partial.path("jsonPath").asText(""));
        if (path.isEmpty()) {
            return;
        }
        JsonNode container = args;
        for (int i = 0; i < path.size() - 1; i++) {
            container = child(container, path.get(i), path.get(i + 1) instanceof Integer);
            if (container == null) {
                return;
            }
        }
        Object last = path.get(path.size() - 1);
        JsonNode existing = get(container, last);
        JsonNode value;
        if (partial.has("stringValue")) {
            String before = existing != null && existing.isTextual() ? existing.asText() : "";
            value = NODES.textNode(before + partial.path("stringValue").asText(""));
        } else if (partial.has("numberValue")) {
            value = partial.get("numberValue");
        } else if (partial.has("boolValue")) {
            value = NODES.booleanNode(partial.path("boolValue").asBoolean());
        } else if (partial.has("nullValue")) {
            value = NODES.nullNode();
        } else {
            return;
        }
        set(container, last, value);
    }

    /** {@code $.a.b[0]['c d']} → [a, b, 0, c d]; an unreadable path gives an empty list. */
    static List<Object> path(String jsonPath) {
        List<Object> out = new ArrayList<>();
        if (!jsonPath.startsWith("$")) {
            return out;
        }
        int i = 1;
        while (i < jsonPath.length()) {
            char c = jsonPath.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < jsonPath.length() && jsonPath.charAt(end) != '.' && jsonPath.charAt(end) != '[') {
                    end++;
                }
                out.add(jsonPath.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = jsonPath.indexOf(']', i);
                if (close < 0) {
                    return List.of();
                }
                String inside = jsonPath.substring(i + 1, close);
                if (inside.startsWith("'") && inside.endsWith("'") && inside.length() >= 2) {
                    out.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        out.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        return List.of();
                    }
                }
                i = close + 1;
            } else {
                return List.of();
            }
        }
        return out;
    }

    private static JsonNode child(JsonNode container, Object key, boolean array) {
        JsonNode existing = get(container, key);
        if (existing != null && (existing.isObject() || existing.isArray())) {
            return existing;
        }
        JsonNode created = array ? NODES.arrayNode() : NODES.objectNode();
        return set(container, key, created) ? created : null;
    }

    private static JsonNode get(JsonNode container, Object key) {
        if (key instanceof Integer index) {
            return container.isArray() ? container.get(index) : null;
        }
        return container.isObject() ? container.get((String) key) : null;
    }

    private static boolean set(JsonNode container, Object key, JsonNode value) {
        if (key instanceof Integer index && container instanceof ArrayNode array) {
            while (array.size() <= index) {
                array.addNull();
            }
            array.set(index, value);
            return true;
        }
        if (key instanceof String name && container instanceof ObjectNode object) {
            object.set(name, value);
            return true;
        }
        return false;
    }
}
