package io.camelgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The expected JSON type of each field of one kind of object (a request body, an input item, a tool), as a table.
 * A dotted path ({@code reasoning.effort}) reaches into a nested object once that object's own row has passed.
 * JSON {@code null} counts as absent; fields not in the table are not looked at (they pass through untouched).
 */
public final class FieldTable {

    /** The types a field may have, each with the words used in its error message. */
    public enum Kind {
        STRING("a string", JsonNode::isTextual),
        /** Text that may end up in a header or a log line: non-empty, no control characters. */
        NAME("a non-empty string without control characters", node -> node.isTextual() && isName(node.asText())),
        BOOLEAN("a boolean", JsonNode::isBoolean),
        NUMBER("a number", JsonNode::isNumber),
        INTEGER("an integer", JsonNode::isIntegralNumber),
        POSITIVE_INTEGER("a positive integer",
                node -> node.isIntegralNumber() && node.asLong() >= 1 && node.asLong() <= Integer.MAX_VALUE),
        OBJECT("an object", JsonNode::isObject),
        ARRAY("an array", JsonNode::isArray),
        STRING_ARRAY("an array of strings", node -> node.isArray() && all(node, JsonNode::isTextual)),
        STRING_OR_ARRAY("a string or an array", node -> node.isTextual() || node.isArray()),
        STRING_OR_OBJECT("a string or an object", node -> node.isTextual() || node.isObject()),
        STRING_OR_STRING_ARRAY("a string or an array of strings",
                node -> node.isTextual() || node.isArray() && all(node, JsonNode::isTextual)),
        /** A tool's output: text, content parts, or an object some clients send. */
        OUTPUT("a string or an array of content parts", node -> node.isTextual() || node.isArray() || node.isObject()),
        STRING_MAP("an object whose values are strings", node -> node.isObject() && all(node, JsonNode::isTextual));

        private final String words;
        private final Predicate<JsonNode> test;

        Kind(String words, Predicate<JsonNode> test) {
            this.words = words;
            this.test = test;
        }

        public boolean accepts(JsonNode node) {
            return test.test(node);
        }

        public String words() {
            return words;
        }
    }

    /** {@code parts} is {@code path} split once at build time: checks run on every request. */
    private record Row(String path, String[] parts, Kind kind, boolean required) {
        Row(String path, Kind kind, boolean required) {
            this(path, path.split("\\."), kind, required);
        }
    }

    private final List<Row> rows;

    private FieldTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks {@code object} against the table; {@code prefix} names it in messages ({@code ""} for the body,
     * {@code "input[3]."} for an item). Throws {@link RequestValidationException} naming the first bad field.
     */
    public void check(JsonNode object, String prefix) {
        for (Row row : rows) {
            JsonNode value = lookup(object, row.parts, row.parts.length);
            if (value == null || value.isNull()) {
                if (row.required && parentPresent(object, row.parts)) {
                    String param = prefix + row.path;
                    throw new RequestValidationException("Missing required parameter: '" + param + "'", param);
                }
                continue;
            }
            if (!row.kind.accepts(value)) {
                String param = prefix + row.path;
                if (row.kind == Kind.STRING_MAP && value.isObject()) {
                    throw nonTextEntry(value, param);
                }
                throw new RequestValidationException(param + " must be " + row.kind.words() + describe(value), param);
            }
        }
    }

    /** Names the first entry of a string map whose value is not text: {@code metadata.ticket}. */
    private static RequestValidationException nonTextEntry(JsonNode map, String param) {
        var fields = map.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            if (!entry.getValue().isTextual()) {
                String entryParam = param + "." + entry.getKey();
                return new RequestValidationException(entryParam + " must be a string (it is "
                        + jsonType(entry.getValue()) + "); every value of " + param + " must be a string", entryParam);
            }
        }
        return new RequestValidationException(param + " must be " + Kind.STRING_MAP.words(), param);
    }

    /** True for text without control characters (U+0000–U+001F, U+007F), which headers and logs cannot carry. */
    public static boolean isName(String text) {
        return !text.isEmpty() && firstControlCharacter(text) < 0;
    }

    /** The index of the first control character in {@code text}, or -1. */
    public static int firstControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(JsonNode value) {
        if (value.isTextual()) {
            int bad = firstControlCharacter(value.asText());
            if (bad >= 0) {
                return String.format(" (it contains the control character U+%04X at position %d)",
                        (int) value.asText().charAt(bad), bad);
            }
            return value.asText().isEmpty() ? " (it is empty)" : "";
        }
        return " (it is " + jsonType(value) + ")";
    }

    /** The JSON type of a node in plain words: "a number", "an object"… */
    public static String jsonType(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isNumber()) {
            return "a number";
        }
        if (value.isBoolean()) {
            return "a boolean";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.isObject() ? "an object" : "null";
    }

    /** The node at the first {@code depth} parts of a path, or null. */
    private static JsonNode lookup(JsonNode object, String[] parts, int depth) {
        JsonNode node = object;
        for (int i = 0; i < depth; i++) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(parts[i]);
        }
        return node;
    }

    /** A required nested field only counts as missing when the object that holds it is there. */
    private static boolean parentPresent(JsonNode object, String[] parts) {
        if (parts.length == 1) {
            return true;
        }
        JsonNode parent = lookup(object, parts, parts.length - 1);
        return parent != null && parent.isObject();
    }

    private static boolean all(JsonNode container, Predicate<JsonNode> test) {
        for (JsonNode element : container) {
            if (!test.test(element)) {
                return false;
            }
        }
        return true;
    }

    public static final class Builder {
        private final List<Row> rows = new ArrayList<>();

        public Builder optional(String path, Kind kind) {
            rows.add(new Row(path, kind, false));
            return this;
        }

        public Builder required(String path, Kind kind) {
            rows.add(new Row(path, kind, true));
            return this;
        }

        public FieldTable build() {
            return new FieldTable(rows);
        }
    }
}
