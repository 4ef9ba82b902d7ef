package io.camelgateway.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/chat/completions} body → canonical turn; rejects malformed requests naming the field. */
public final class ChatRequestDecoder {

    public TurnRequest decode(ObjectNode body) {
        String model = optionalString(body, "model", "model");
        if (model == null || model.isBlank()) {
            throw invalid("model is required", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw invalid("messages is required", "messages");
        }
        if (!messages.isArray()) {
            throw invalid("messages must be an array", "messages");
        }
        if (messages.isEmpty()) {
            throw invalid("messages must not be empty", "messages");
        }
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && n.asInt(1) != 1) {
            throw invalid("n must be 1: the gateway returns one choice", "n");
        }
        List<Item> input = new HistoryDecoder().decode(messages);
        Integer maxTokens = optionalInt(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = optionalInt(body, "max_tokens");
        }
        String effort = optionalString(body, "reasoning_effort", "reasoning_effort");
        return new TurnRequest(model, null, input, tools(body), toolChoice(body),
                optionalBoolean(body, "parallel_tool_calls"),
                effort == null ? null : new ReasoningEffort(effort, null),
                maxTokens, optionalNumber(body, "temperature"), optionalNumber(body, "top_p"), stop(body),
                textFormat(body.get("response_format")), Boolean.TRUE.equals(optionalBoolean(body, "stream")),
                optionalString(body, "user", "user"), null, optionalString(body, "prompt_cache_key", "prompt_cache_key"));
    }

    /** Whether the client asked for the usage chunk at the end of a stream. */
    public static boolean includeUsage(ObjectNode body) {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static List<ToolSpec> tools(ObjectNode body) {
        List<ToolSpec> tools = new ArrayList<>();
        JsonNode declared = body.get("tools");
        if (declared != null && !declared.isNull()) {
            if (!declared.isArray()) {
                throw invalid("tools must be an array", "tools");
            }
            for (int i = 0; i < declared.size(); i++) {
                JsonNode tool = declared.get(i);
                String param = "tools[" + i + "]";
                String type = tool.path("type").asText("function");
                if (!"function".equals(type)) {
                    throw invalid(param + ".type '" + type + "' is not supported; use 'function'", param + ".type");
                }
                tools.add(function(tool.get("function"), param + ".function"));
            }
        }
        JsonNode functions = body.get("functions");
        if (functions != null && functions.isArray()) {
            for (int i = 0; i < functions.size(); i++) {
                tools.add(function(functions.get(i), "functions[" + i + "]"));
            }
        }
        return tools;
    }

    private static ToolSpec.Function function(JsonNode function, String param) {
        if (function == null || !function.isObject()) {
            throw invalid(param + " must be an object", param);
        }
        String name = optionalString(function, "name", param + ".name");
        if (name == null || name.isBlank()) {
            throw invalid(param + ".name is required", param + ".name");
        }
        JsonNode parameters = function.get("parameters");
        if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
            throw invalid(param + ".parameters must be an object", param + ".parameters");
        }
        JsonNode strict = function.get("strict");
        return new ToolSpec.Function(name, optionalString(function, "description", param + ".description"),
                parameters == null || parameters.isNull() ? null : parameters,
                strict != null && strict.isBoolean() ? strict.asBoolean() : null);
    }

    private static ToolChoice toolChoice(ObjectNode body) {
        JsonNode choice = body.has("tool_choice") ? body.get("tool_choice") : body.get("function_call");
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto": return ToolChoice.AUTO;
                case "none": return ToolChoice.NONE;
                case "required": return ToolChoice.REQUIRED;
                default: throw invalid("tool_choice must be auto, none, required or a function", "tool_choice");
            }
        }
        JsonNode name = choice.has("function") ? choice.path("function").get("name") : choice.get("name");
        if (name == null || !name.isTextual()) {
            throw invalid("tool_choice.function.name must be a string", "tool_choice");
        }
        return ToolChoice.named(name.asText());
    }

    private static List<String> stop(ObjectNode body) {
        JsonNode stop = body.get("stop");
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (!stop.isArray()) {
            throw invalid("stop must be a string or an array of strings", "stop");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : stop) {
            if (!s.isTextual()) {
                throw invalid("stop must be a string or an array of strings", "stop");
            }
            out.add(s.asText());
        }
        return out;
    }

    /** Chat {@code response_format} → Responses {@code text.format}. */
    static JsonNode textFormat(JsonNode format) {
        if (format == null || !format.isObject()) {
            return null;
        }
        String type = format.path("type").asText();
        if ("json_object".equals(type)) {
            return JsonNodeFactory.instance.objectNode().put("type", "json_object");
        }
        if (!"json_schema".equals(type)) {
            return null;
        }
        JsonNode schema = format.get("json_schema");
        if (schema == null || !schema.isObject()) {
            throw invalid("response_format.json_schema must be an object", "response_format.json_schema");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("type", "json_schema");
        out.put("name", schema.path("name").asText("response"));
        for (String field : List.of("description", "schema", "strict")) {
            if (schema.hasNonNull(field)) {
                out.set(field, schema.get(field));
            }
        }
        return out;
    }

    /** Walks {@code messages}; legacy {@code function} results are paired with the last call of that name. */
    private static final class HistoryDecoder {
        private final List<Item> items = new ArrayList<>();
        private final Map<String, String> legacyCallIdByName = new HashMap<>();

        List<Item> decode(JsonNode messages) {
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String param = "messages[" + i + "]";
                if (!message.isObject()) {
                    throw invalid(param + " must be an object", param);
                }
                JsonNode roleNode = message.get("role");
                String role = roleNode != null && roleNode.isTextual() ? roleNode.asText() : null;
                if (role == null) {
                    throw invalid(param + ".role is required", param + ".role");
                }
                switch (role) {
                    case "system", "developer", "user" -> items.add(new Message(null, Role.parse(role),
                            parts(message.get("content"), param + ".content", "user".equals(role))));
                    case "assistant" -> assistant(message, param);
                    case "tool" -> toolResult(message, param);
                    case "function" -> legacyFunctionResult(message, param);
                    default -> throw invalid(param + ".role '" + role
                            + "' is not one of system, developer, user, assistant, tool", param + ".role");
                }
            }
            return items;
        }

        private void assistant(JsonNode message, String param) {
            JsonNode content = message.get("content");
            if (content != null && !content.isNull()) {
                List<ContentPart> parts = new ArrayList<>();
                for (ContentPart part : parts(content, param + ".content", false)) {
                    if (part instanceof ContentPart.Text t && !t.text().isEmpty()) {
                        parts.add(new ContentPart.Text(t.text(), true));
                    }
                }
                if (!parts.isEmpty()) {
                    items.add(new Message(null, Role.ASSISTANT, parts));
                }
            }
            JsonNode calls = message.get("tool_calls");
            if (calls != null && !calls.isNull()) {
                if (!calls.isArray()) {
                    throw invalid(param + ".tool_calls must be an array", param + ".tool_calls");
                }
                for (int j = 0; j < calls.size(); j++) {
                    String callParam = param + ".tool_calls[" + j + "]";
                    JsonNode call = calls.get(j);
                    String id = optionalString(call, "id", callParam + ".id");
                    if (id == null || id.isEmpty()) {
                        throw invalid(callParam + ".id is required", callParam + ".id");
                    }
                    items.add(call(call.get("function"), id, callParam + ".function"));
                }
            }
            JsonNode legacy = message.get("function_call");
            if (legacy != null && legacy.isObject()) {
                FunctionCall call = call(legacy, Ids.next("call_"), param + ".function_call");
                legacyCallIdByName.put(call.name(), call.callId());
                items.add(call);
            }
        }

        private static FunctionCall call(JsonNode function, String callId, String param) {
            if (function == null || !function.isObject()) {
                throw invalid(param + " must be an object", param);
            }
            String name = optionalString(function, "name", param + ".name");
            if (name == null || name.isEmpty()) {
                throw invalid(param + ".name is required", param + ".name");
            }
            JsonNode args = function.get("arguments");
            String arguments = args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
            return new FunctionCall(null, callId, null, name, arguments);
        }

        private void toolResult(JsonNode message, String param) {
            String callId = optionalString(message, "tool_call_id", param + ".tool_call_id");
            if (callId == null || callId.isEmpty()) {
                throw invalid(param + ".tool_call_id is required", param + ".tool_call_id");
            }
            items.add(new FunctionCallOutput(callId, output(message.get("content"), param + ".content")));
        }

        private void legacyFunctionResult(JsonNode message, String param) {
            String name = optionalString(message, "name", param + ".name");
            if (name == null) {
                throw invalid(param + ".name is required for role 'function'", param + ".name");
            }
            String callId = legacyCallIdByName.remove(name);
            items.add(new FunctionCallOutput(callId != null ? callId : Ids.next("call_"),
                    output(message.get("content"), param + ".content")));
        }

        private static ToolOutput output(JsonNode content, String param) {
            if (content == null || content.isNull() || content.isTextual()) {
                return ToolOutput.ofText(content == null || content.isNull() ? "" : content.asText());
            }
            List<ContentPart> parts = parts(content, param, true);
            return parts.stream().allMatch(p -> p instanceof ContentPart.Text)
                    ? ToolOutput.ofText(new Message(null, Role.USER, parts).joinedText()) : ToolOutput.ofParts(parts);
        }
    }

    /** Message content: a string or an array of {@code text} / {@code image_url} / {@code file} parts. */
    private static List<ContentPart> parts(JsonNode content, String param, boolean allowMedia) {
        if (content == null || content.isNull()) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(ContentPart.text(content.asText()));
        }
        if (!content.isArray()) {
            throw invalid(param + " must be a string or an array", param);
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text", "refusal" -> {
                    JsonNode text = part.get(type);
                    if (text == null || !text.isTextual()) {
                        throw invalid(partParam + "." + type + " must be a string", partParam + "." + type);
                    }
                    parts.add(ContentPart.text(text.asText()));
                }
                case "image_url" -> {
                    requireMedia(allowMedia, partParam, type);
                    JsonNode image = part.get("image_url");
                    JsonNode url = image != null && image.isObject() ? image.get("url") : image;
                    if (url == null || !url.isTextual()) {
                        throw invalid(partParam + ".image_url.url must be a string", partParam + ".image_url.url");
                    }
                    parts.add(new ContentPart.Image(url.asText(),
                            image.isObject() ? optionalString(image, "detail", partParam + ".image_url.detail") : null));
                }
                case "file" -> {
                    requireMedia(allowMedia, partParam, type);
                    JsonNode file = part.path("file");
                    parts.add(new ContentPart.File(file.path("filename").asText(null),
                            file.path("file_data").asText(null), null));
                }
                default -> throw invalid(partParam + ".type '" + type + "' is not supported", partParam + ".type");
            }
        }
        return parts;
    }

    private static void requireMedia(boolean allowed, String param, String type) {
        if (!allowed) {
            throw invalid(param + ".type '" + type + "' is only allowed in user and tool messages", param + ".type");
        }
    }

    private static String optionalString(JsonNode node, String field, String param) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(param + " must be a string", param);
        }
        return value.asText();
    }

    private static Integer optionalInt(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
            throw invalid(field + " must be a positive integer", field);
        }
        return value.asInt();
    }

    private static Double optionalNumber(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw invalid(field + " must be a number", field);
        }
        return value.asDouble();
    }

    private static Boolean optionalBoolean(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid(field + " must be a boolean", field);
        }
        return value.asBoolean();
    }

    private static RequestValidationException invalid(String message, String param) {
        return new RequestValidationException(message, param);
    }
}
