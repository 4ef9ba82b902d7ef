package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Messages API request body the way api.anthropic.com does (the rules that have bitten gateways), so
 * tests fail on bodies the real API would reject. {@link #validate} returns the error message, or null when valid.
 */
public final class AnthropicRequestValidator {

    private static final Set<String> TOP_LEVEL = Set.of("model", "messages", "max_tokens", "system", "metadata",
            "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice", "thinking",
            "service_tier", "container", "mcp_servers", "context_management", "output_config");
    private static final Set<String> EFFORTS = Set.of("low", "medium", "high", "xhigh", "max");
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,128}$");

    private AnthropicRequestValidator() {
    }

    /** The {@code invalid_request_error} message the real API would answer with, or null for a valid body. */
    public static String validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "body: Input should be a valid dictionary";
        }
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        for (String field : names) {
            if (!TOP_LEVEL.contains(field)) {
                return field + ": Extra inputs are not permitted";
            }
        }
        for (String required : List.of("model", "messages", "max_tokens")) {
            if (!body.hasNonNull(required)) {
                return required + ": Field required";
            }
        }
        if (!body.get("max_tokens").isIntegralNumber() || body.get("max_tokens").asLong() < 1) {
            return "max_tokens: Input should be a positive integer";
        }
        String error = validateSystem(body.path("system"));
        if (error == null) {
            error = validateTools(body);
        }
        if (error == null) {
            error = validateThinking(body);
        }
        if (error == null) {
            error = validateMessages(body);
        }
        if (error == null) {
            error = thinkingBeforeToolUse(body);
        }
        return error;
    }

    /**
     * With thinking on, the assistant message whose tool calls the final user message answers must start with a
     * (signed) thinking block: history from a turn without thinking, or from another provider, is refused.
     */
    private static String thinkingBeforeToolUse(JsonNode body) {
        String type = body.path("thinking").path("type").asText("disabled");
        JsonNode messages = body.path("messages");
        if (type.equals("disabled") || messages.size() < 2) {
            return null;
        }
        int last = messages.size() - 1;
        if (toolResultIds(messages.get(last)).isEmpty()) {
            return null;
        }
        JsonNode content = messages.get(last - 1).path("content");
        String first = content.path(0).path("type").asText();
        if (!toolUseIds(messages.get(last - 1)).isEmpty() && !first.equals("thinking")
                && !first.equals("redacted_thinking")) {
            return "messages." + (last - 1) + ".content.0.type: Expected `thinking` or `redacted_thinking`, but found `"
                    + first + "`. When `thinking` is enabled, a final `assistant` message must start with a thinking "
                    + "block (preceeding the lastmost set of `tool_use` and `tool_result` blocks).";
        }
        return null;
    }

    private static String validateSystem(JsonNode system) {
        if (system.isMissingNode() || system.isTextual()) {
            return null;
        }
        if (!system.isArray()) {
            return "system: Input should be a valid string or list";
        }
        for (int i = 0; i < system.size(); i++) {
            JsonNode block = system.get(i);
            if (!"text".equals(block.path("type").asText())) {
                return "system." + i + ".type: Input should be 'text'";
            }
            if (block.path("text").asText("").isBlank()) {
                return "system: text content blocks must be non-empty";
            }
        }
        return null;
    }

    private static String validateTools(JsonNode body) {
        JsonNode tools = body.path("tools");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String name = tool.path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                return "tools." + i + ".custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'";
            }
            if (!seen.add(name)) {
                return "tools: Tool names must be unique.";
            }
            if (!tool.has("type") || "custom".equals(tool.path("type").asText())) {
                if (!tool.path("input_schema").isObject()) {
                    return "tools." + i + ".custom.input_schema: Field required";
                }
            }
        }
        JsonNode choice = body.path("tool_choice");
        if (!choice.isMissingNode()) {
            String type = choice.path("type").asText();
            if (!Set.of("auto", "any", "tool", "none").contains(type)) {
                return "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'";
            }
            if ("tool".equals(type) && !seen.contains(choice.path("name").asText())) {
                return "tool_choice.name: tool not found in tools";
            }
        }
        return null;
    }

    private static String validateThinking(JsonNode body) {
        JsonNode effort = body.path("output_config").path("effort");
        if (!effort.isMissingNode() && !EFFORTS.contains(effort.asText())) {
            return "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'";
        }
        JsonNode thinking = body.path("thinking");
        String type = thinking.path("type").asText();
        if (thinking.isMissingNode() || "disabled".equals(type)) {
            return null;
        }
        if ("adaptive".equals(type)) {
            return thinking.has("budget_tokens") ? "thinking.adaptive.budget_tokens: Extra inputs are not permitted"
                    : forcedToolChoice(body);
        }
        if (!"enabled".equals(type)) {
            return "thinking.type: Input should be 'enabled', 'disabled' or 'adaptive'";
        }
        long budget = thinking.path("budget_tokens").asLong(-1);
        if (budget < 1024) {
            return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
        }
        if (budget >= body.path("max_tokens").asLong()) {
            return "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at "
                    + "https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";
        }
        if (body.has("temperature")) {
            return "`temperature` may only be set to 1 when thinking is enabled.";
        }
        return forcedToolChoice(body);
    }

    private static String forcedToolChoice(JsonNode body) {
        String choice = body.path("tool_choice").path("type").asText("auto");
        if (choice.equals("any") || choice.equals("tool")) {
            return "Thinking may not be enabled when tool_choice forces tool use.";
        }
        return null;
    }

    private static String validateMessages(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "messages: at least one message is required";
        }
        boolean hasToolBlocks = false;
        String previousRole = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            if (role.equals("system") && previousRole != null) {
                // Claude Code keeps system text in place mid-conversation; it takes no part in the alternation.
                String error = validateSystemMessage(message, i);
                if (error != null) {
                    return error;
                }
                continue;
            }
            if (!role.equals("user") && !role.equals("assistant")) {
                return "messages." + i + ".role: Input should be 'user' or 'assistant' (a 'system' message may only "
                        + "follow the first user turn)";
            }
            if (role.equals(previousRole)) {
                return "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \""
                        + role + "\" roles in a row";
            }
            previousRole = role;
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                if (content.asText().isBlank()) {
                    return "messages." + i + ": all messages must have non-empty content except for the optional final assistant message";
                }
                continue;
            }
            if (!content.isArray() || content.isEmpty()) {
                return "messages." + i + ": all messages must have non-empty content except for the optional final assistant message";
            }
            String error = validateBlocks(messages, i);
            if (error != null) {
                return error;
            }
            for (JsonNode block : content) {
                String type = block.path("type").asText();
                hasToolBlocks |= type.equals("tool_use") || type.equals("tool_result");
            }
        }
        if (hasToolBlocks && body.path("tools").isEmpty()) {
            return "Requests which include `tool_use` or `tool_result` blocks must define tools.";
        }
        return null;
    }

    private static String validateSystemMessage(JsonNode message, int i) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            return content.asText().isBlank() ? "messages." + i + ": system messages must have non-empty content" : null;
        }
        if (!content.isArray() || content.isEmpty()) {
            return "messages." + i + ": system messages must have non-empty content";
        }
        for (int j = 0; j < content.size(); j++) {
            if (!"text".equals(content.get(j).path("type").asText())) {
                return "messages." + i + ".content." + j + ".type: system messages may only contain text blocks";
            }
        }
        return null;
    }

    private static String validateBlocks(JsonNode messages, int i) {
        JsonNode message = messages.get(i);
        JsonNode content = message.get("content");
        boolean assistant = "assistant".equals(message.path("role").asText());
        Set<String> previousToolUses = i > 0 ? toolUseIds(messages.get(i - 1)) : Set.of();
        boolean pastToolResults = false;
        Set<String> answered = new HashSet<>();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String type = block.path("type").asText();
            String where = "messages." + i + ".content." + j;
            switch (type) {
                case "text":
                    if (block.path("text").asText("").isBlank()) {
                        return where + ": text content blocks must contain non-whitespace text";
                    }
                    break;
                case "image":
                    if (assistant) {
                        return where + ": image blocks are not allowed in assistant messages";
                    }
                    break;
                case "thinking":
                case "redacted_thinking":
                    if (!assistant) {
                        return where + ": thinking blocks are only allowed in assistant messages";
                    }
                    break;
                case "tool_use":
                    if (!assistant) {
                        return where + ": tool_use blocks are only allowed in assistant messages";
                    }
                    if (!TOOL_NAME.matcher(block.path("name").asText("")).matches() || !block.path("input").isObject()) {
                        return where + ": tool_use needs a valid name and an input object";
                    }
                    break;
                case "tool_result":
                    String id = block.path("tool_use_id").asText();
                    if (assistant || !previousToolUses.contains(id)) {
                        return where + ": unexpected `tool_use_id` found in `tool_result` blocks: " + id
                                + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
                    }
                    if (pastToolResults) {
                        return where + ": `tool_result` blocks must come before any other content in the user message";
                    }
                    answered.add(id);
                    break;
                default:
                    break;
            }
            pastToolResults |= !type.equals("tool_result");
        }
        if (assistant) {
            Set<String> uses = toolUseIds(message);
            if (!uses.isEmpty()) {
                Set<String> results = i + 1 < messages.size() ? toolResultIds(messages.get(i + 1)) : Set.of();
                for (String id : uses) {
                    if (!results.contains(id)) {
                        return "messages." + i + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
                                + id + ". Each `tool_use` block must have a corresponding `tool_result` block in the next message.";
                    }
                }
            }
        }
        return null;
    }

    private static Set<String> toolUseIds(JsonNode message) {
        return idsOf(message, "tool_use", "id");
    }

    private static Set<String> toolResultIds(JsonNode message) {
        return idsOf(message, "tool_result", "tool_use_id");
    }

    private static Set<String> idsOf(JsonNode message, String type, String field) {
        Set<String> ids = new HashSet<>();
        String expectedRole = type.equals("tool_use") ? "assistant" : "user";
        if (!expectedRole.equals(message.path("role").asText())) {
            return ids;
        }
        for (JsonNode block : message.path("content")) {
            if (type.equals(block.path("type").asText())) {
                ids.add(block.path(field).asText());
            }
        }
        return ids;
    }
}
