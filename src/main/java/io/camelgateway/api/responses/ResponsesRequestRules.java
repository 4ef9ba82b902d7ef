package io.camelgateway.api.responses;

import static io.camelgateway.api.FieldTable.Kind.ARRAY;
import static io.camelgateway.api.FieldTable.Kind.BOOLEAN;
import static io.camelgateway.api.FieldTable.Kind.INTEGER;
import static io.camelgateway.api.FieldTable.Kind.NAME;
import static io.camelgateway.api.FieldTable.Kind.NUMBER;
import static io.camelgateway.api.FieldTable.Kind.OBJECT;
import static io.camelgateway.api.FieldTable.Kind.OUTPUT;
import static io.camelgateway.api.FieldTable.Kind.POSITIVE_INTEGER;
import static io.camelgateway.api.FieldTable.Kind.STRING;
import static io.camelgateway.api.FieldTable.Kind.STRING_ARRAY;
import static io.camelgateway.api.FieldTable.Kind.STRING_MAP;
import static io.camelgateway.api.FieldTable.Kind.STRING_OR_ARRAY;
import static io.camelgateway.api.FieldTable.Kind.STRING_OR_OBJECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.FieldTable;
import io.camelgateway.api.RequestFields;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.Role;
import io.camelgateway.json.Json;
import java.util.Map;

/**
 * The types of every {@code POST /v1/responses} field the gateway reads or forwards, as tables: the body, each input
 * item type, each content part type and each tool type. Checked before any provider is called, for every provider
 * (the OpenAI passthrough included); fields and types not listed pass through untouched.
 */
final class ResponsesRequestRules {

    private static final FieldTable BODY = FieldTable.builder()
            .required("input", STRING_OR_ARRAY)
            .optional("instructions", STRING)
            .optional("tools", ARRAY)
            .optional("tool_choice", STRING_OR_OBJECT)
            .optional("tool_choice.type", NAME)
            .optional("tool_choice.name", NAME)
            .optional("parallel_tool_calls", BOOLEAN)
            .optional("reasoning", OBJECT)
            .optional("reasoning.effort", NAME)
            .optional("reasoning.summary", NAME)
            .optional("reasoning.generate_summary", NAME)
            .optional("store", BOOLEAN)
            .optional("stream", BOOLEAN)
            .optional("stream_options", OBJECT)
            .optional("background", BOOLEAN)
            .optional("user", STRING)
            .optional("safety_identifier", STRING)
            .optional("metadata", STRING_MAP)
            .optional("max_output_tokens", POSITIVE_INTEGER)
            .optional("max_tool_calls", POSITIVE_INTEGER)
            .optional("temperature", NUMBER)
            .optional("top_p", NUMBER)
            .optional("top_logprobs", INTEGER)
            .optional("text", OBJECT)
            .optional("text.format", OBJECT)
            .optional("text.format.type", NAME)
            .optional("text.verbosity", NAME)
            .optional("include", STRING_ARRAY)
            .optional("prompt_cache_key", STRING)
            .optional("prompt_cache_retention", STRING)
            .optional("service_tier", NAME)
            .optional("truncation", NAME)
            .optional("previous_response_id", STRING)
            .optional("conversation", STRING_OR_OBJECT)
            .optional("prompt", OBJECT)
            .build();

    private static final FieldTable OUTPUT_ITEM = FieldTable.builder()
            .required("call_id", STRING).required("output", OUTPUT).optional("id", STRING).build();
    private static final FieldTable TOOL_LIST = FieldTable.builder()
            .optional("call_id", STRING).optional("execution", STRING).optional("tools", ARRAY).build();

    private static final Map<String, FieldTable> ITEMS = Map.of(
            "message", FieldTable.builder()
                    .required("content", STRING_OR_ARRAY).optional("id", STRING).optional("status", STRING).build(),
            "function_call", FieldTable.builder()
                    .required("call_id", STRING).required("name", NAME).optional("arguments", STRING)
                    .optional("namespace", NAME).optional("id", STRING).build(),
            "function_call_output", OUTPUT_ITEM,
            "custom_tool_call", FieldTable.builder()
                    .required("call_id", STRING).required("name", NAME).required("input", STRING)
                    .optional("id", STRING).build(),
            "custom_tool_call_output", OUTPUT_ITEM,
            "reasoning", FieldTable.builder()
                    .required("summary", ARRAY).optional("content", ARRAY).optional("encrypted_content", STRING)
                    .optional("id", STRING).build(),
            "item_reference", FieldTable.builder().required("id", STRING).build(),
            "additional_tools", FieldTable.builder().required("tools", ARRAY).build(),
            "tool_search_call", FieldTable.builder()
                    .optional("call_id", STRING).optional("execution", STRING).optional("arguments", OBJECT).build(),
            "tool_search_output", TOOL_LIST);

    private static final FieldTable TEXT = FieldTable.builder().required("text", STRING).build();

    private static final Map<String, FieldTable> PARTS = Map.of(
            "input_text", TEXT,
            "output_text", TEXT,
            "text", TEXT,
            "summary_text", TEXT,
            "reasoning_text", TEXT,
            "refusal", FieldTable.builder().required("refusal", STRING).build(),
            "input_image", FieldTable.builder()
                    .optional("image_url", STRING_OR_OBJECT).optional("detail", NAME).optional("file_id", STRING).build(),
            "input_file", FieldTable.builder()
                    .optional("file_data", STRING).optional("file_url", STRING).optional("filename", STRING)
                    .optional("file_id", STRING).build());

    private static final Map<String, FieldTable> TOOLS = Map.of(
            "function", FieldTable.builder()
                    .required("name", NAME).optional("description", STRING).optional("parameters", OBJECT)
                    .optional("strict", BOOLEAN).build(),
            "custom", FieldTable.builder()
                    .required("name", NAME).optional("description", STRING).optional("format", OBJECT).build(),
            "namespace", FieldTable.builder()
                    .required("name", NAME).optional("description", STRING).required("tools", ARRAY).build(),
            "tool_search", FieldTable.builder()
                    .optional("execution", STRING).optional("description", STRING).optional("parameters", OBJECT)
                    .build());

    private ResponsesRequestRules() {
    }

    static void check(ObjectNode body) {
        BODY.check(body, "");
        RequestFields.requireToolChoiceMode(body);
        tools(body.get("tools"), "tools");
        JsonNode input = body.get("input");
        if (input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                item(input.get(i), "input[" + i + "]");
            }
        }
    }

    private static void item(JsonNode item, String param) {
        String type = type(item, param, false);
        if (type == null) {
            type = "message";
        }
        FieldTable table = ITEMS.get(type);
        if (table != null) {
            table.check(item, param + ".");
        }
        switch (type) {
            case "message" -> {
                JsonNode role = item.get("role");
                if (role == null || !role.isTextual() || Role.parse(role.asText()) == null) {
                    throw new RequestValidationException(
                            param + ".role must be one of developer, system, user, assistant", param + ".role");
                }
                parts(item.get("content"), param + ".content");
            }
            case "function_call_output", "custom_tool_call_output" -> parts(item.get("output"), param + ".output");
            case "reasoning" -> {
                parts(item.get("summary"), param + ".summary");
                parts(item.get("content"), param + ".content");
            }
            case "additional_tools", "tool_search_output" -> tools(item.get("tools"), param + ".tools");
            default -> {
                // other item types (web_search_call, local_shell_call…) are forwarded as they are
            }
        }
    }

    private static void parts(JsonNode parts, String param) {
        if (parts == null || !parts.isArray()) {
            return;
        }
        for (int i = 0; i < parts.size(); i++) {
            String partParam = param + "[" + i + "]";
            FieldTable table = PARTS.get(type(parts.get(i), partParam, true));
            if (table != null) {
                table.check(parts.get(i), partParam + ".");
            }
        }
    }

    private static void tools(JsonNode tools, String param) {
        if (tools == null || !tools.isArray()) {
            return;
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String toolParam = param + "[" + i + "]";
            String type = type(tool, toolParam, true);
            FieldTable table = TOOLS.get(type);
            if (table != null) {
                table.check(tool, toolParam + ".");
            }
            if ("namespace".equals(type)) {
                tools(tool.get("tools"), toolParam + ".tools");
            }
        }
    }

    /**
     * The {@code type} of an item, part or tool: an object is required, and its type (when present, or when
     * {@code required}) must be a name, since an unknown tool type is reported back in a header.
     */
    private static String type(JsonNode node, String param, boolean required) {
        if (node == null || !node.isObject()) {
            throw new RequestValidationException(param + " must be an object", param);
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            if (required || !node.has("role")) {
                throw new RequestValidationException("Missing required parameter: '" + param + ".type'", param + ".type");
            }
            return null;
        }
        if (!NAME.accepts(type)) {
            throw new RequestValidationException(param + ".type must be " + NAME.words(), param + ".type");
        }
        return Json.str(node, "type");
    }
}
