package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Responses API request body the way api.openai.com does (the rules that bite translating gateways), so
 * tests fail on bodies the real API would reject. Bodies a client such as Codex sends to the real API pass unchanged
 * (its {@code client_metadata}, its item ids, {@code content:null} on reasoning, outputs as arrays), as the relayed
 * path forwards them. {@link #validate} returns the rejection, or null when valid.
 */
public final class ResponsesRequestValidator {

    /** What the real API answers: status, message and the offending parameter. */
    public record Rejection(int status, String message, String param, String code) {
    }

    private static final Set<String> TOP_LEVEL = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "reasoning", "include", "store", "max_output_tokens", "temperature", "top_p",
            "text", "stream", "stream_options", "metadata", "user", "safety_identifier", "prompt_cache_key",
            "prompt_cache_retention", "service_tier", "truncation", "previous_response_id", "background",
            "max_tool_calls", "top_logprobs", "conversation", "prompt",
            // sent by Codex, which the relayed path passes on unchanged
            "client_metadata");
    private static final Set<String> ITEM_TYPES = Set.of("message", "function_call", "function_call_output",
            "custom_tool_call", "custom_tool_call_output", "reasoning", "item_reference", "web_search_call",
            "file_search_call", "computer_call", "computer_call_output", "local_shell_call", "local_shell_call_output",
            "mcp_call", "mcp_list_tools", "mcp_approval_request", "mcp_approval_response", "image_generation_call",
            "code_interpreter_call", "tool_search_call", "tool_search_output", "compaction",
            // in the history Codex replays (relayed unchanged)
            "compaction_summary", "additional_tools");
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Set<String> INPUT_PARTS = Set.of("input_text", "input_image", "input_file");
    private static final Set<String> ASSISTANT_PARTS = Set.of("output_text", "refusal", "input_text");
    private static final Set<String> INCLUDES = Set.of("reasoning.encrypted_content", "message.output_text.logprobs",
            "file_search_call.results", "web_search_call.action.sources", "message.input_image.image_url",
            "computer_call_output.output.image_url", "code_interpreter_call.outputs");
    private static final Set<String> EFFORTS = Set.of("none", "minimal", "low", "medium", "high", "xhigh");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private ResponsesRequestValidator() {
    }

    public static Rejection validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            return bad("We could not parse the JSON body of your request.", null);
        }
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        for (String field : fields) {
            if (!TOP_LEVEL.contains(field)) {
                return new Rejection(400, "Unknown parameter: '" + field + "'.", field, "unknown_parameter");
            }
        }
        if (!body.path("model").isTextual() || body.path("model").asText().isBlank()) {
            return bad("Missing required parameter: 'model'.", "model");
        }
        if (!body.has("input") && !body.has("previous_response_id") && !body.has("conversation")
                && !body.has("prompt")) {
            return bad("Missing required parameter: 'input'.", "input");
        }
        Rejection rejection = settings(body);
        if (rejection == null) {
            rejection = tools(body);
        }
        if (rejection == null && body.path("input").isArray()) {
            rejection = items(body.get("input"));
        } else if (rejection == null && !body.path("input").isTextual() && body.has("input")) {
            return bad("Invalid type for 'input': expected a string or an array.", "input");
        }
        return rejection;
    }

    private static Rejection settings(JsonNode body) {
        JsonNode max = body.get("max_output_tokens");
        if (max != null && !max.isNull() && (!max.isIntegralNumber() || max.asLong() < 16)) {
            return bad("Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got "
                    + max + " instead.", "max_output_tokens");
        }
        for (JsonNode include : body.path("include")) {
            if (!INCLUDES.contains(include.asText())) {
                return bad("Invalid value: '" + include.asText() + "'.", "include");
            }
        }
        JsonNode reasoning = body.path("reasoning");
        if (reasoning.has("effort") && !EFFORTS.contains(reasoning.path("effort").asText())) {
            return bad("Invalid value: '" + reasoning.path("effort").asText() + "'.", "reasoning.effort");
        }
        if (reasoning.has("summary") && !Set.of("auto", "concise", "detailed").contains(reasoning.path("summary").asText())) {
            return bad("Invalid value: '" + reasoning.path("summary").asText() + "'.", "reasoning.summary");
        }
        if (body.has("stream") && !body.get("stream").isBoolean()) {
            return bad("Invalid type for 'stream': expected a boolean.", "stream");
        }
        return null;
    }

    private static Rejection tools(JsonNode body) {
        Set<String> names = new HashSet<>();
        JsonNode tools = body.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            Rejection rejection = tool(tools.get(i), "tools[" + i + "]", names);
            if (rejection != null) {
                return rejection;
            }
        }
        JsonNode choice = body.get("tool_choice");
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            if (!Set.of("auto", "none", "required").contains(choice.asText())) {
                return bad("Invalid value: '" + choice.asText() + "'.", "tool_choice");
            }
            if ("required".equals(choice.asText()) && tools.isEmpty()) {
                return bad("Tool choice 'required' must be specified with 'tools' parameter.", "tool_choice");
            }
            return null;
        }
        String name = choice.path("name").asText(null);
        if (name != null && !names.contains(name)) {
            return bad("Tool choice '" + choice.path("type").asText() + "' not found in 'tools' parameter.", "tool_choice");
        }
        return null;
    }

    private static Rejection tool(JsonNode tool, String param, Set<String> names) {
        String type = tool.path("type").asText("");
        if ("function".equals(type) || "custom".equals(type)) {
            String name = tool.path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                return bad("Invalid '" + param + ".name': string does not match pattern. Expected a string that matches "
                        + "the pattern '^[a-zA-Z0-9_-]+$'.", param + ".name");
            }
            names.add(name);
            if ("function".equals(type)) {
                if (!tool.path("parameters").isObject()) {
                    return bad("Missing required parameter: '" + param + ".parameters'.", param + ".parameters");
                }
                // omitted strict means strict, which needs a closed schema
                if (tool.path("strict").asBoolean(true)
                        && !tool.path("parameters").path("additionalProperties").isBoolean()) {
                    return bad("Invalid schema for function '" + name + "': In context=(), 'additionalProperties' is "
                            + "required to be supplied and to be false.", param + ".parameters");
                }
            }
        } else if ("namespace".equals(type)) {
            JsonNode inner = tool.path("tools");
            for (int i = 0; i < inner.size(); i++) {
                Rejection rejection = tool(inner.get(i), param + ".tools[" + i + "]", new HashSet<>());
                if (rejection != null) {
                    return rejection;
                }
            }
        } else if (type.isEmpty()) {
            return bad("Missing required parameter: '" + param + ".type'.", param + ".type");
        }
        return null;
    }

    private static Rejection items(JsonNode input) {
        Set<String> calls = new HashSet<>();
        Set<String> answered = new HashSet<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String param = "input[" + i + "]";
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            if (!ITEM_TYPES.contains(type)) {
                return bad("Invalid value: '" + type + "'. Supported values are: 'message', 'function_call', "
                        + "'function_call_output', 'reasoning', ... .", param + ".type");
            }
            Rejection rejection;
            switch (type) {
                case "message":
                    rejection = message(item, param);
                    break;
                case "function_call":
                case "custom_tool_call":
                    rejection = call(item, param, type, calls);
                    break;
                case "function_call_output":
                case "custom_tool_call_output":
                    rejection = output(item, param, calls, answered);
                    break;
                case "reasoning":
                    rejection = reasoning(item, param);
                    break;
                default:
                    rejection = null;
            }
            if (rejection != null) {
                return rejection;
            }
        }
        for (String call : calls) {
            if (!answered.contains(call)) {
                return bad("No tool output found for function call " + call + ".", "input");
            }
        }
        return null;
    }

    private static Rejection message(JsonNode item, String param) {
        String role = item.path("role").asText("");
        if (!ROLES.contains(role)) {
            return bad("Invalid value: '" + role + "'. Supported values are: 'user', 'assistant', 'system', and "
                    + "'developer'.", param + ".role");
        }
        Rejection id = idPrefix(item, param, "msg");
        if (id != null) {
            return id;
        }
        JsonNode content = item.path("content");
        if (content.isTextual()) {
            return null;
        }
        if (!content.isArray()) {
            return bad("Missing required parameter: '" + param + ".content'.", param + ".content");
        }
        Set<String> allowed = "assistant".equals(role) ? ASSISTANT_PARTS : INPUT_PARTS;
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String type = part.path("type").asText("");
            if (!allowed.contains(type)) {
                return bad("Invalid value: '" + type + "'. Supported values are: " + allowed + ".",
                        param + ".content[" + j + "].type");
            }
            if ("input_file".equals(type) && part.has("file_data") && !part.path("filename").isTextual()) {
                return bad("Missing required parameter: '" + param + ".content[" + j + "].filename'.",
                        param + ".content[" + j + "].filename");
            }
        }
        return null;
    }

    private static Rejection call(JsonNode item, String param, String type, Set<String> calls) {
        String payload = "function_call".equals(type) ? "arguments" : "input";
        for (String field : List.of("call_id", "name", payload)) {
            if (!item.path(field).isTextual()) {
                return bad("Missing required parameter: '" + param + "." + field + "'.", param + "." + field);
            }
        }
        calls.add(item.path("call_id").asText());
        return idPrefix(item, param, "function_call".equals(type) ? "fc" : "ctc");
    }

    private static Rejection output(JsonNode item, String param, Set<String> calls, Set<String> answered) {
        String callId = item.path("call_id").asText(null);
        if (callId == null) {
            return bad("Missing required parameter: '" + param + ".call_id'.", param + ".call_id");
        }
        JsonNode output = item.path("output");
        if (!output.isTextual() && !output.isArray()) {
            return bad("Missing required parameter: '" + param + ".output'.", param + ".output");
        }
        for (JsonNode part : output) {
            if (!INPUT_PARTS.contains(part.path("type").asText(""))) {
                return bad("Invalid value: '" + part.path("type").asText("") + "'.", param + ".output");
            }
        }
        if (!calls.contains(callId)) {
            return bad("No tool call found for function call output with call_id " + callId + ".", "input");
        }
        answered.add(callId);
        return null;
    }

    private static Rejection reasoning(JsonNode item, String param) {
        if (!item.path("summary").isArray()) {
            return bad("Missing required parameter: '" + param + ".summary'.", param + ".summary");
        }
        Rejection id = idPrefix(item, param, "rs");
        if (id != null) {
            return id;
        }
        String encrypted = item.path("encrypted_content").asText(null);
        String name = item.path("id").asText(param);
        if (encrypted == null) {
            return new Rejection(404, "Item with id '" + name + "' not found. Items are not persisted when `store` is "
                    + "set to false. Try again with `store` set to true, or remove this item from your input.",
                    "input", null);
        }
        if (!encrypted.startsWith("gAAAA")) {
            return bad("The encrypted content for item " + name + " could not be verified.", "input");
        }
        return null;
    }

    private static Rejection idPrefix(JsonNode item, String param, String prefix) {
        String id = item.path("id").asText(null);
        if (id != null && !id.startsWith(prefix)) {
            return bad("Invalid '" + param + ".id': '" + id + "'. Expected an ID that begins with '" + prefix + "'.",
                    param + ".id");
        }
        return null;
    }

    private static Rejection bad(String message, String param) {
        return new Rejection(400, message, param, null);
    }
}
