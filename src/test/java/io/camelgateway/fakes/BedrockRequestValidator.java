package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks a Converse request body the way bedrock-runtime does (the rules that bite gateways), so tests fail on
 * bodies the real API would reject. {@link #validate} returns the {@code ValidationException} message, or null.
 * {@code issued} tells whether a reasoning signature (or redacted content) is one this fake handed out, with the
 * text it came with, so reasoning must come back exactly as it was sent.
 */
public final class BedrockRequestValidator {

    private static final Set<String> TOP_LEVEL = Set.of("messages", "system", "inferenceConfig", "toolConfig",
            "guardrailConfig", "additionalModelRequestFields", "promptVariables", "additionalModelResponseFieldPaths",
            "requestMetadata", "performanceConfig");
    private static final Set<String> INFERENCE = Set.of("maxTokens", "temperature", "topP", "stopSequences");
    private static final Set<String> BLOCKS = Set.of("text", "image", "document", "toolUse", "toolResult",
            "reasoningContent", "cachePoint", "guardContent", "video");
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private BedrockRequestValidator() {
    }

    public static String validate(JsonNode body, Predicate<JsonNode> issued) {
        if (body == null || !body.isObject()) {
            return "Malformed input request, please reformat your input and try again.";
        }
        for (String field : names(body)) {
            if (!TOP_LEVEL.contains(field)) {
                return "Malformed input request: extraneous key [" + field + "] is not permitted, please reformat your input and try again.";
            }
        }
        String error = validateInference(body.path("inferenceConfig"));
        if (error == null) {
            error = validateSystem(body.path("system"));
        }
        Set<String> tools = new HashSet<>();
        if (error == null) {
            error = validateTools(body.path("toolConfig"), tools);
        }
        if (error == null) {
            error = validateThinking(body);
        }
        if (error == null) {
            error = validateMessages(body, tools, issued);
        }
        return error;
    }

    private static String validateInference(JsonNode inference) {
        if (inference.isMissingNode()) {
            return null;
        }
        for (String field : names(inference)) {
            if (!INFERENCE.contains(field)) {
                return "inferenceConfig: extraneous key [" + field + "] is not permitted";
            }
        }
        if (inference.has("maxTokens") && (!inference.get("maxTokens").isIntegralNumber() || inference.get("maxTokens").asInt() < 1)) {
            return "The value at inferenceConfig.maxTokens must be an integer of at least 1";
        }
        return null;
    }

    private static String validateSystem(JsonNode system) {
        if (system.isMissingNode()) {
            return null;
        }
        if (!system.isArray()) {
            return "system must be a list of system content blocks";
        }
        for (JsonNode block : system) {
            if (block.has("text") && block.path("text").asText().isBlank()) {
                return "The text field in the SystemContentBlock object is blank. Add text to the text field, and try again.";
            }
        }
        return null;
    }

    private static String validateTools(JsonNode config, Set<String> names) {
        if (config.isMissingNode()) {
            return null;
        }
        for (String field : names(config)) {
            if (!field.equals("tools") && !field.equals("toolChoice")) {
                return "toolConfig: extraneous key [" + field + "] is not permitted";
            }
        }
        JsonNode tools = config.path("tools");
        if (!tools.isArray() || tools.isEmpty()) {
            return "The value at toolConfig.tools must have at least 1 item";
        }
        for (JsonNode tool : tools) {
            if (tool.has("cachePoint")) {
                if (!"default".equals(tool.path("cachePoint").path("type").asText())) {
                    return "The value at toolConfig.tools.member.cachePoint.type must be 'default'";
                }
                continue;
            }
            JsonNode spec = tool.path("toolSpec");
            if (!spec.isObject()) {
                return "toolConfig.tools: each tool needs a toolSpec";
            }
            String name = spec.path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                return "Value '" + name + "' at 'toolConfig.tools.member.toolSpec.name' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+ and length 1-64";
            }
            if (!names.add(name)) {
                return "The tool name " + name + " is declared more than once";
            }
            JsonNode schema = spec.path("inputSchema").path("json");
            if (!schema.isObject() || !"object".equals(schema.path("type").asText())) {
                return "The inputSchema of tool " + name + " must be a JSON object schema (type object)";
            }
            if (spec.has("description") && spec.path("description").asText().isEmpty()) {
                return "The description of tool " + name + " must not be empty";
            }
        }
        JsonNode choice = config.path("toolChoice");
        if (!choice.isMissingNode()) {
            List<String> kinds = names(choice);
            if (kinds.size() != 1 || !Set.of("auto", "any", "tool").contains(kinds.get(0))) {
                return "toolChoice must be exactly one of auto, any, tool";
            }
            if (kinds.get(0).equals("tool") && !names.contains(choice.path("tool").path("name").asText())) {
                return "toolChoice names a tool that is not declared";
            }
        }
        return null;
    }

    private static String validateThinking(JsonNode body) {
        JsonNode thinking = body.path("additionalModelRequestFields").path("thinking");
        if (thinking.isMissingNode()) {
            return null;
        }
        if (!"enabled".equals(thinking.path("type").asText()) || thinking.path("budget_tokens").asInt() < 1024) {
            return "thinking: type must be enabled with budget_tokens of at least 1024";
        }
        JsonNode inference = body.path("inferenceConfig");
        if (!inference.has("maxTokens") || inference.path("maxTokens").asInt() <= thinking.path("budget_tokens").asInt()) {
            return "max_tokens must be greater than thinking.budget_tokens";
        }
        if (inference.has("temperature")) {
            return "temperature may only be set to 1 when thinking is enabled";
        }
        if (body.path("toolConfig").path("toolChoice").has("any") || body.path("toolConfig").path("toolChoice").has("tool")) {
            return "Thinking may not be enabled when tool_choice forces tool use.";
        }
        JsonNode messages = body.path("messages");
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (!"assistant".equals(message.path("role").asText())) {
                continue;
            }
            boolean toolUse = false;
            for (JsonNode block : message.path("content")) {
                toolUse |= block.has("toolUse");
            }
            if (toolUse && !message.path("content").path(0).has("reasoningContent")) {
                return "Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, "
                        + "a final `assistant` message must start with a thinking block.";
            }
            break;
        }
        return null;
    }

    private static String validateMessages(JsonNode body, Set<String> tools, Predicate<JsonNode> issued) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "The value at messages must have at least 1 item";
        }
        String previousRole = null;
        Set<String> pendingCalls = new HashSet<>();
        boolean usesTools = false;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            for (String field : names(message)) {
                if (!field.equals("role") && !field.equals("content")) {
                    return "messages." + i + ": extraneous key [" + field + "] is not permitted";
                }
            }
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                return "messages." + i + ".role must be user or assistant";
            }
            if (i == 0 && !role.equals("user")) {
                return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
            }
            if (role.equals(previousRole)) {
                return "A conversation must alternate between user and assistant roles. Make sure the conversation "
                        + "alternates between user and assistant roles and try again.";
            }
            previousRole = role;
            JsonNode content = message.path("content");
            if (!content.isArray() || content.isEmpty()) {
                return "The content field in the Message object at messages." + i + " is empty. Add a ContentBlock object to the content field and try again.";
            }
            Set<String> calls = new HashSet<>();
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                String where = "messages." + i + ".content." + j;
                List<String> kinds = names(block);
                if (kinds.size() != 1 || !BLOCKS.contains(kinds.get(0))) {
                    return where + ": a ContentBlock must have exactly one member, not " + kinds;
                }
                String kind = kinds.get(0);
                String error = switch (kind) {
                    case "text" -> block.path("text").asText("").isBlank()
                            ? "The text field in the ContentBlock object at " + where + " is blank. Add text to the text field, and try again." : null;
                    case "image" -> image(block.path("image"), where);
                    case "toolUse" -> toolUse(block.path("toolUse"), role, tools, where);
                    case "toolResult" -> role.equals("user") ? toolResult(block.path("toolResult"), pendingCalls, where)
                            : where + ": toolResult blocks belong in user messages";
                    case "reasoningContent" -> role.equals("assistant") ? reasoning(block, issued, where)
                            : where + ": reasoningContent blocks belong in assistant messages";
                    default -> null;
                };
                if (error != null) {
                    return error;
                }
                if (kind.equals("toolUse")) {
                    calls.add(block.path("toolUse").path("toolUseId").asText());
                    usesTools = true;
                }
                usesTools |= kind.equals("toolResult");
            }
            if (role.equals("user")) {
                if (!pendingCalls.isEmpty()) {
                    return "Expected toolResult blocks at messages." + i + ".content for the following Ids: " + pendingCalls;
                }
            } else {
                if (!pendingCalls.isEmpty()) {
                    return "Expected toolResult blocks at messages." + i + ".content for the following Ids: " + pendingCalls;
                }
                pendingCalls = calls;
            }
        }
        if (usesTools && body.path("toolConfig").isMissingNode()) {
            return "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
        }
        return null;
    }

    private static String image(JsonNode image, String where) {
        if (!IMAGE_FORMATS.contains(image.path("format").asText())) {
            return where + ".image.format must be one of png, jpeg, gif, webp";
        }
        String bytes = image.path("source").path("bytes").asText("");
        try {
            if (Base64.getDecoder().decode(bytes).length == 0) {
                return where + ".image.source.bytes is empty";
            }
        } catch (IllegalArgumentException e) {
            return where + ".image.source.bytes is not base64";
        }
        return null;
    }

    private static String toolUse(JsonNode use, String role, Set<String> tools, String where) {
        if (!role.equals("assistant")) {
            return where + ": toolUse blocks belong in assistant messages";
        }
        String name = use.path("name").asText("");
        if (!TOOL_NAME.matcher(name).matches()) {
            return where + ".toolUse.name '" + name + "' does not match [a-zA-Z0-9_-]{1,64}";
        }
        if (!tools.contains(name)) {
            return where + ".toolUse.name '" + name + "' is not a declared tool";
        }
        if (use.path("toolUseId").asText("").isEmpty() || !use.path("input").isObject()) {
            return where + ".toolUse needs a toolUseId and an object input";
        }
        return null;
    }

    private static String toolResult(JsonNode result, Set<String> pendingCalls, String where) {
        String id = result.path("toolUseId").asText("");
        if (!pendingCalls.remove(id)) {
            return where + ": toolResult " + id + " has no matching toolUse in the previous assistant message";
        }
        JsonNode content = result.path("content");
        if (!content.isArray() || content.isEmpty()) {
            return where + ".toolResult.content must have at least 1 item";
        }
        for (JsonNode part : content) {
            List<String> kinds = names(part);
            if (kinds.size() != 1 || !Set.of("text", "json", "image", "document", "video").contains(kinds.get(0))) {
                return where + ".toolResult.content: a block must have exactly one of text, json, image, document";
            }
            if (kinds.get(0).equals("text") && part.path("text").asText("").isBlank()) {
                return "The text field in the ToolResultContentBlock object at " + where + " is blank.";
            }
            if (kinds.get(0).equals("image")) {
                String error = image(part.path("image"), where + ".toolResult");
                if (error != null) {
                    return error;
                }
            }
        }
        if (result.has("status") && !Set.of("success", "error").contains(result.path("status").asText())) {
            return where + ".toolResult.status must be success or error";
        }
        return null;
    }

    private static String reasoning(JsonNode block, Predicate<JsonNode> issued, String where) {
        JsonNode reasoning = block.path("reasoningContent");
        List<String> kinds = names(reasoning);
        if (kinds.size() != 1 || !Set.of("reasoningText", "redactedContent").contains(kinds.get(0))) {
            return where + ".reasoningContent must have exactly one of reasoningText, redactedContent";
        }
        if (!issued.test(block)) {
            return where + ": the reasoning block's signature is invalid (it was not issued for this text)";
        }
        return null;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
