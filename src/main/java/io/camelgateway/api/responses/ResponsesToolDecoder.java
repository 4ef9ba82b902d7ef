package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Reads Responses API tool declarations and {@code tool_choice}. */
final class ResponsesToolDecoder {

    private ResponsesToolDecoder() {
    }

    static List<ToolSpec> tools(JsonNode array, String param) {
        if (array == null || array.isNull()) {
            return new ArrayList<>();
        }
        if (!array.isArray()) {
            throw new RequestValidationException(param + " must be an array", param);
        }
        List<ToolSpec> tools = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            tools.add(tool(array.get(i), param + "[" + i + "]"));
        }
        return tools;
    }

    static ToolSpec tool(JsonNode node, String param) {
        String type = requireType(node, param);
        switch (type) {
            case "function":
                return new ToolSpec.Function(requiredName(node, param), Json.str(node, "description"),
                        node.get("parameters"), node.has("strict") ? node.get("strict").asBoolean() : null);
            case "custom":
                return new ToolSpec.Custom(requiredName(node, param), Json.str(node, "description"), node.get("format"));
            case "namespace":
                return new ToolSpec.Namespace(requiredName(node, param), Json.str(node, "description"),
                        tools(node.get("tools"), param + ".tools"));
            case "tool_search":
                return new ToolSpec.ToolSearch(Json.str(node, "execution"), Json.str(node, "description"),
                        node.get("parameters"));
            default:
                return new ToolSpec.Hosted(type, (ObjectNode) node);
        }
    }

    /** The {@code type} of an object that must have one (a tool, a content part); names the field when refused. */
    static String requireType(JsonNode node, String param) {
        if (node == null || !node.isObject()) {
            throw new RequestValidationException(param + " must be an object", param);
        }
        String type = Json.str(node, "type");
        if (type == null) {
            throw new RequestValidationException(param + ".type is required", param + ".type");
        }
        return type;
    }

    private static String requiredName(JsonNode node, String param) {
        String name = Json.str(node, "name");
        if (name == null || name.isBlank()) {
            throw new RequestValidationException(param + ".name is required", param + ".name");
        }
        return name;
    }

    static ToolChoice toolChoice(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            switch (node.asText()) {
                case "none": return ToolChoice.NONE;
                case "required": return ToolChoice.REQUIRED;
                case "auto": return ToolChoice.AUTO;
                default:
                    throw new RequestValidationException("tool_choice must be auto, none, required or an object",
                            "tool_choice");
            }
        }
        if (node.isObject()) {
            String name = Json.str(node, "name");
            if (name == null && node.has("function")) {
                name = Json.str(node.get("function"), "name");
            }
            return name == null ? ToolChoice.AUTO : ToolChoice.named(name);
        }
        throw new RequestValidationException("tool_choice must be a string or an object", "tool_choice");
    }
}
