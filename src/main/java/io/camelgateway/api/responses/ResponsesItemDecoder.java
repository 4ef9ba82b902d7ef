package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Reads one Responses API item (a request's input item or a response's output item) into the canonical model. */
public final class ResponsesItemDecoder {

    private ResponsesItemDecoder() {
    }

    /** Throws {@link RequestValidationException} naming {@code param} when the item is malformed. */
    public static Item item(JsonNode node, String param) {
        if (node == null || !node.isObject()) {
            throw new RequestValidationException(param + " must be an object", param);
        }
        String type = Json.str(node, "type");
        if (type == null) {
            if (node.has("role")) {
                type = "message";
            } else {
                throw new RequestValidationException(param + ".type is required", param + ".type");
            }
        }
        switch (type) {
            case "message":
                return message(node, param);
            case "function_call":
                return new FunctionCall(Json.str(node, "id"), required(node, "call_id", param),
                        Json.str(node, "namespace"), required(node, "name", param), arguments(node.get("arguments")));
            case "function_call_output":
                return new FunctionCallOutput(required(node, "call_id", param), output(node.get("output"), param));
            case "custom_tool_call":
                return new CustomToolCall(Json.str(node, "id"), required(node, "call_id", param),
                        required(node, "name", param), textOrEmpty(node.get("input")));
            case "custom_tool_call_output":
                return new CustomToolCallOutput(required(node, "call_id", param), output(node.get("output"), param));
            case "reasoning":
                return reasoning(node);
            case "tool_search_call":
                return new ToolSearchCall(Json.str(node, "id"), Json.str(node, "call_id"), Json.str(node, "execution"),
                        node.get("arguments"));
            case "tool_search_output":
                return new ToolSearchOutput(Json.str(node, "call_id"), Json.str(node, "execution"),
                        ResponsesToolDecoder.tools(node.get("tools"), param + ".tools"));
            default:
                return new OpaqueItem(type, (ObjectNode) node);
        }
    }

    private static Message message(JsonNode node, String param) {
        String roleText = Json.str(node, "role");
        Role role = Role.parse(roleText);
        if (role == null) {
            throw new RequestValidationException(param + ".role must be one of developer, system, user, assistant",
                    param + ".role");
        }
        JsonNode content = node.get("content");
        List<ContentPart> parts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return new Message(Json.str(node, "id"), role, parts);
        }
        if (content.isTextual()) {
            parts.add(new ContentPart.Text(content.asText(), role == Role.ASSISTANT));
        } else if (content.isArray()) {
            for (int i = 0; i < content.size(); i++) {
                ContentPart part = part(content.get(i), param + ".content[" + i + "]");
                if (part != null) {
                    parts.add(part);
                }
            }
        } else {
            throw new RequestValidationException(param + ".content must be a string or an array", param + ".content");
        }
        return new Message(Json.str(node, "id"), role, parts);
    }

    /** A content part; unknown part types are skipped rather than refused. */
    static ContentPart part(JsonNode node, String param) {
        String type = ResponsesToolDecoder.requireType(node, param);
        switch (type) {
            case "input_text":
            case "text":
                return new ContentPart.Text(textOrEmpty(node.get("text")), false);
            case "output_text":
                return new ContentPart.Text(textOrEmpty(node.get("text")), true);
            case "refusal":
                return new ContentPart.Text(textOrEmpty(node.get("refusal")), true);
            case "input_image":
                String url = Json.str(node, "image_url");
                if (url == null && node.get("image_url") != null && node.get("image_url").isObject()) {
                    url = Json.str(node.get("image_url"), "url");
                }
                if (url == null) {
                    throw new RequestValidationException(param + ".image_url must be a URL or a data URI",
                            param + ".image_url");
                }
                return new ContentPart.Image(url, Json.str(node, "detail"));
            case "input_file":
                return new ContentPart.File(Json.str(node, "filename"), Json.str(node, "file_data"),
                        Json.str(node, "file_url"));
            default:
                return null;
        }
    }

    private static ToolOutput output(JsonNode node, String param) {
        if (node == null || node.isNull()) {
            return ToolOutput.ofText("");
        }
        if (node.isTextual()) {
            return ToolOutput.ofText(node.asText());
        }
        if (node.isArray()) {
            List<ContentPart> parts = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                ContentPart part = part(node.get(i), param + ".output[" + i + "]");
                if (part != null) {
                    parts.add(part);
                }
            }
            return ToolOutput.ofParts(parts);
        }
        if (node.isObject() && node.has("content")) {
            return ToolOutput.ofText(textOrEmpty(node.get("content")));
        }
        return ToolOutput.ofText(Json.text(node));
    }

    private static Reasoning reasoning(JsonNode node) {
        List<String> summary = new ArrayList<>();
        JsonNode summaryNode = node.get("summary");
        if (summaryNode != null && summaryNode.isArray()) {
            for (JsonNode part : summaryNode) {
                summary.add(textOrEmpty(part.get("text")));
            }
        }
        List<String> content = new ArrayList<>();
        JsonNode contentNode = node.get("content");
        if (contentNode != null && contentNode.isArray()) {
            for (JsonNode part : contentNode) {
                content.add(textOrEmpty(part.get("text")));
            }
        }
        return new Reasoning(Json.str(node, "id"), summary, content, Json.str(node, "encrypted_content"));
    }

    private static String arguments(JsonNode node) {
        if (node == null || node.isNull()) {
            return "{}";
        }
        return node.isTextual() ? node.asText() : Json.text(node);
    }

    private static String required(JsonNode node, String field, String param) {
        String value = Json.str(node, field);
        if (value == null) {
            throw new RequestValidationException(param + "." + field + " is required and must be a string",
                    param + "." + field);
        }
        return value;
    }

    private static String textOrEmpty(JsonNode node) {
        return node == null || node.isNull() ? "" : node.isTextual() ? node.asText() : Json.text(node);
    }
}
