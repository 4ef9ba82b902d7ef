package io.camelgateway.api.chat;

import static io.camelgateway.api.FieldTable.Kind.ARRAY;
import static io.camelgateway.api.FieldTable.Kind.BOOLEAN;
import static io.camelgateway.api.FieldTable.Kind.INTEGER;
import static io.camelgateway.api.FieldTable.Kind.NAME;
import static io.camelgateway.api.FieldTable.Kind.NUMBER;
import static io.camelgateway.api.FieldTable.Kind.OBJECT;
import static io.camelgateway.api.FieldTable.Kind.POSITIVE_INTEGER;
import static io.camelgateway.api.FieldTable.Kind.STRING;
import static io.camelgateway.api.FieldTable.Kind.STRING_ARRAY;
import static io.camelgateway.api.FieldTable.Kind.STRING_MAP;
import static io.camelgateway.api.FieldTable.Kind.STRING_OR_ARRAY;
import static io.camelgateway.api.FieldTable.Kind.STRING_OR_OBJECT;
import static io.camelgateway.api.FieldTable.Kind.STRING_OR_STRING_ARRAY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.FieldTable;
import io.camelgateway.api.RequestFields;
import io.camelgateway.api.RequestValidationException;
import java.util.Map;
import java.util.Set;

/**
 * The types of every {@code POST /v1/chat/completions} field the gateway reads or forwards, as tables: the body,
 * each message role, each content part type and each tool type. Checked before any provider is called (the
 * passthrough to OpenAI-compatible servers included); fields and types not listed pass through untouched.
 */
final class ChatRequestRules {

    private static final FieldTable BODY = FieldTable.builder()
            .required("messages", ARRAY)
            .optional("n", POSITIVE_INTEGER)
            .optional("stream", BOOLEAN)
            .optional("stream_options", OBJECT)
            .optional("stream_options.include_usage", BOOLEAN)
            .optional("max_tokens", POSITIVE_INTEGER)
            .optional("max_completion_tokens", POSITIVE_INTEGER)
            .optional("temperature", NUMBER)
            .optional("top_p", NUMBER)
            .optional("stop", STRING_OR_STRING_ARRAY)
            .optional("tools", ARRAY)
            .optional("tool_choice", STRING_OR_OBJECT)
            .optional("tool_choice.type", NAME)
            .optional("tool_choice.function", OBJECT)
            .optional("tool_choice.function.name", NAME)
            .optional("functions", ARRAY)
            .optional("function_call", STRING_OR_OBJECT)
            .optional("function_call.name", NAME)
            .optional("parallel_tool_calls", BOOLEAN)
            .optional("user", STRING)
            .optional("safety_identifier", STRING)
            .optional("prompt_cache_key", STRING)
            .optional("seed", INTEGER)
            .optional("response_format", OBJECT)
            .optional("response_format.type", NAME)
            .optional("response_format.json_schema", OBJECT)
            .optional("logprobs", BOOLEAN)
            .optional("top_logprobs", INTEGER)
            .optional("logit_bias", OBJECT)
            .optional("presence_penalty", NUMBER)
            .optional("frequency_penalty", NUMBER)
            .optional("reasoning_effort", NAME)
            .optional("verbosity", NAME)
            .optional("service_tier", NAME)
            .optional("store", BOOLEAN)
            .optional("metadata", STRING_MAP)
            .optional("modalities", STRING_ARRAY)
            .optional("prediction", OBJECT)
            .optional("audio", OBJECT)
            .optional("web_search_options", OBJECT)
            .build();

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    /** The fields of a message; {@code content} is checked per role below (assistant tool calls may omit it). */
    private static final FieldTable MESSAGE = FieldTable.builder()
            .optional("content", STRING_OR_ARRAY)
            .optional("name", STRING)
            .optional("tool_call_id", STRING)
            .optional("tool_calls", ARRAY)
            .optional("function_call", OBJECT)
            .optional("function_call.name", NAME)
            .optional("function_call.arguments", STRING)
            .optional("refusal", STRING)
            .build();

    private static final FieldTable TOOL_CALL = FieldTable.builder()
            .required("id", STRING)
            .optional("type", NAME)
            .required("function", OBJECT)
            .required("function.name", NAME)
            .optional("function.arguments", STRING)
            .build();

    private static final FieldTable TEXT = FieldTable.builder().required("text", STRING).build();

    private static final Map<String, FieldTable> PARTS = Map.of(
            "text", TEXT,
            "refusal", FieldTable.builder().required("refusal", STRING).build(),
            "image_url", FieldTable.builder()
                    .required("image_url", STRING_OR_OBJECT).optional("image_url.url", STRING)
                    .optional("image_url.detail", NAME).build(),
            "input_audio", FieldTable.builder().required("input_audio", OBJECT).build(),
            "file", FieldTable.builder()
                    .required("file", OBJECT).optional("file.file_data", STRING).optional("file.file_id", STRING)
                    .optional("file.filename", STRING).build());

    private static final FieldTable FUNCTION = FieldTable.builder()
            .required("name", NAME)
            .optional("description", STRING)
            .optional("parameters", OBJECT)
            .optional("strict", BOOLEAN)
            .build();

    private static final Map<String, FieldTable> TOOLS = Map.of(
            "function", FieldTable.builder().required("function", OBJECT).build(),
            "custom", FieldTable.builder()
                    .required("custom", OBJECT).required("custom.name", NAME).optional("custom.description", STRING)
                    .optional("custom.format", OBJECT).build());

    private ChatRequestRules() {
    }

    static void check(ObjectNode body) {
        BODY.check(body, "");
        RequestFields.requireToolChoiceMode(body);
        JsonNode messages = body.get("messages");
        if (messages.isEmpty()) {
            throw new RequestValidationException("messages must be a non-empty array", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }
        tools(body.get("tools"));
        JsonNode functions = body.get("functions");
        if (functions != null && functions.isArray()) {
            for (int i = 0; i < functions.size(); i++) {
                object(functions.get(i), "functions[" + i + "]");
                FUNCTION.check(functions.get(i), "functions[" + i + "].");
            }
        }
    }

    private static void message(JsonNode message, String param) {
        object(message, param);
        JsonNode role = message.get("role");
        if (role == null || role.isNull()) {
            throw new RequestValidationException("Missing required parameter: '" + param + ".role'", param + ".role");
        }
        if (!role.isTextual() || !ROLES.contains(role.asText())) {
            throw new RequestValidationException(param + ".role must be one of system, developer, user, assistant, tool",
                    param + ".role");
        }
        MESSAGE.check(message, param + ".");
        JsonNode content = message.get("content");
        boolean callsTools = message.hasNonNull("tool_calls") || message.hasNonNull("function_call");
        if ((content == null || content.isNull()) && !("assistant".equals(role.asText()) && callsTools)) {
            throw new RequestValidationException("Missing required parameter: '" + param + ".content'"
                    + " (only an assistant message with tool_calls may leave it out)", param + ".content");
        }
        if ("tool".equals(role.asText()) && !NAME.accepts(message.path("tool_call_id"))) {
            throw new RequestValidationException("Missing required parameter: '" + param + ".tool_call_id'"
                    + " (a tool message must name the tool call it answers)", param + ".tool_call_id");
        }
        if (content != null && content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                String partParam = param + ".content[" + j + "]";
                FieldTable table = PARTS.get(type(content.get(j), partParam, true));
                if (table != null) {
                    table.check(content.get(j), partParam + ".");
                }
            }
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int j = 0; j < calls.size(); j++) {
                String callParam = param + ".tool_calls[" + j + "]";
                object(calls.get(j), callParam);
                TOOL_CALL.check(calls.get(j), callParam + ".");
            }
        }
    }

    private static void tools(JsonNode tools) {
        if (tools == null || !tools.isArray()) {
            return;
        }
        for (int i = 0; i < tools.size(); i++) {
            String param = "tools[" + i + "]";
            String type = type(tools.get(i), param, false);
            String kind = type == null ? "function" : type;
            FieldTable table = TOOLS.get(kind);
            if (table != null) {
                table.check(tools.get(i), param + ".");
            }
            if ("function".equals(kind)) {
                FUNCTION.check(tools.get(i).get("function"), param + ".function.");
            }
        }
    }

    /** The {@code type} of a part or tool, which must be a name when present (or when {@code required}). */
    private static String type(JsonNode node, String param, boolean required) {
        object(node, param);
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            if (required) {
                throw new RequestValidationException("Missing required parameter: '" + param + ".type'", param + ".type");
            }
            return null;
        }
        if (!NAME.accepts(type)) {
            throw new RequestValidationException(param + ".type must be " + NAME.words(), param + ".type");
        }
        return type.asText();
    }

    private static void object(JsonNode node, String param) {
        if (node == null || !node.isObject()) {
            throw new RequestValidationException(param + " must be an object", param);
        }
    }
}
