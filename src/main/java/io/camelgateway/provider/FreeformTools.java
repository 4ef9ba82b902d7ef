package io.camelgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ToolSpec;

/**
 * How a freeform (custom) tool such as {@code apply_patch} is declared to a provider that only has function tools: a
 * function of one string, {@code input}, with the grammar in the description so the model knows the syntax. Its
 * calls go back to the client as custom tool calls.
 */
public final class FreeformTools {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FreeformTools() {
    }

    /** The tool's description followed by the syntax its {@code input} must match, when the client gave one. */
    public static String description(ToolSpec.Custom custom) {
        StringBuilder description = new StringBuilder(custom.description() == null ? "" : custom.description());
        JsonNode format = custom.format();
        String definition = format == null ? null : format.path("definition").asText(null);
        if (definition != null && !definition.isBlank()) {
            String syntax = format.path("syntax").asText("grammar");
            description.append("\n\nPut the raw text in the `input` argument (not JSON-encoded beyond the string itself). "
                    + "It must match this ").append(syntax).append(" grammar:\n").append(definition);
        }
        return description.toString();
    }

    /** {@code {"type":"object","properties":{"input":{"type":"string",…}},"required":["input"]}}. */
    public static ObjectNode inputSchema() {
        ObjectNode schema = NODES.objectNode().put("type", "object");
        schema.putObject("properties").putObject("input").put("type", "string")
                .put("description", "The raw input for the tool.");
        schema.putArray("required").add("input");
        return schema;
    }
}
