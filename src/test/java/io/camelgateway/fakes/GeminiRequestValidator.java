package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a Gemini {@code GenerateContentRequest} body the way {@code generativelanguage.googleapis.com} does (the
 * rules that have bitten gateways), so tests fail on bodies the real API would reject. {@link #validate} returns
 * the {@code INVALID_ARGUMENT} message, or null when the body is valid. Thought signatures are checked separately
 * by the fake that issued them ({@link FakeGeminiServer}).
 */
public final class GeminiRequestValidator {

    private static final Set<String> TOP_LEVEL = Set.of("contents", "systemInstruction", "tools", "toolConfig",
            "generationConfig", "safetySettings", "cachedContent");
    private static final Set<String> PART_DATA = Set.of("text", "inlineData", "fileData", "functionCall",
            "functionResponse", "executableCode", "codeExecutionResult");
    private static final Set<String> PART_META = Set.of("thought", "thoughtSignature");
    private static final Set<String> SCHEMA_KEYS = Set.of("type", "format", "title", "description", "nullable", "enum",
            "maxItems", "minItems", "properties", "required", "minProperties", "maxProperties", "minLength",
            "maxLength", "pattern", "example", "anyOf", "propertyOrdering", "default", "items", "minimum", "maximum");
    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object",
            "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY", "OBJECT");
    private static final Set<String> GENERATION_KEYS = Set.of("stopSequences", "responseMimeType", "responseSchema",
            "candidateCount", "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty",
            "frequencyPenalty", "responseLogprobs", "logprobs", "thinkingConfig", "mediaResolution");
    private static final Set<String> THINKING_KEYS = Set.of("includeThoughts", "thinkingBudget", "thinkingLevel");
    private static final Set<String> MODES = Set.of("AUTO", "ANY", "NONE", "VALIDATED");
    private static final Pattern FUNCTION_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$");

    private GeminiRequestValidator() {
    }

    /** The message the real API would answer with (status INVALID_ARGUMENT), or null for a valid body. */
    public static String validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "Invalid JSON payload received.";
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                return "Invalid JSON payload received. Unknown name \"" + field + "\": Cannot find field.";
            }
        }
        String error = validateSystem(body.get("systemInstruction"));
        if (error == null) {
            error = validateTools(body);
        }
        if (error == null) {
            error = validateGeneration(body.get("generationConfig"));
        }
        if (error == null) {
            error = validateContents(body.get("contents"));
        }
        return error;
    }

    private static String validateSystem(JsonNode system) {
        if (system == null) {
            return null;
        }
        if (!system.path("parts").isArray() || system.path("parts").isEmpty()) {
            return "* GenerateContentRequest.system_instruction.parts: must not be empty";
        }
        for (JsonNode part : system.path("parts")) {
            if (!part.path("text").isTextual()) {
                return "* GenerateContentRequest.system_instruction: only text parts are allowed";
            }
        }
        return null;
    }

    // ---- contents ----------------------------------------------------------------------------------------------

    private static String validateContents(JsonNode contents) {
        if (contents == null || !contents.isArray() || contents.isEmpty()) {
            return "* GenerateContentRequest.contents: contents is not specified";
        }
        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            String where = "* GenerateContentRequest.contents[" + i + "]";
            for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("role") && !field.equals("parts")) {
                    return "Invalid JSON payload received. Unknown name \"" + field + "\" at 'contents[" + i + "]'";
                }
            }
            String role = content.path("role").asText("");
            if (!role.equals("user") && !role.equals("model")) {
                return where + ".role: Please use a valid role: user, model.";
            }
            if (!content.path("parts").isArray() || content.path("parts").isEmpty()) {
                return where + ".parts: contents.parts must not be empty.";
            }
            for (int j = 0; j < content.path("parts").size(); j++) {
                String error = validatePart(content.path("parts").get(j), role, where + ".parts[" + j + "]");
                if (error != null) {
                    return error;
                }
            }
            String error = validateResponses(contents, i);
            if (error != null) {
                return error;
            }
        }
        return null;
    }

    private static String validatePart(JsonNode part, String role, String where) {
        int data = 0;
        for (Iterator<String> it = part.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (PART_DATA.contains(field)) {
                data++;
            } else if (!PART_META.contains(field)) {
                return "Invalid JSON payload received. Unknown name \"" + field + "\" at '" + where + "'";
            }
        }
        if (data != 1) {
            return where + ".data: required oneof field 'data' must have one initialized field";
        }
        if (part.has("text") && !part.get("text").isTextual()) {
            return where + ".text: must be a string";
        }
        if (part.has("functionCall")) {
            if (!role.equals("model")) {
                return where + ": function calls are only allowed in model turns";
            }
            JsonNode call = part.get("functionCall");
            if (call.path("name").asText("").isEmpty()) {
                return where + ".function_call.name: Name cannot be empty.";
            }
            if (call.has("args") && !call.get("args").isObject()) {
                return where + ".function_call.args: must be an object";
            }
        }
        if (part.has("functionResponse")) {
            if (!role.equals("user")) {
                return where + ": function responses are only allowed in user turns";
            }
            JsonNode response = part.get("functionResponse");
            if (response.path("name").asText("").isEmpty()) {
                return where + ".function_response.name: Name cannot be empty.";
            }
            if (!response.path("response").isObject()) {
                return where + ".function_response.response: must be an object";
            }
        }
        if (part.has("inlineData") && (part.path("inlineData").path("mimeType").asText("").isEmpty()
                || !part.path("inlineData").path("data").isTextual())) {
            return where + ".inline_data: mime_type and data are required";
        }
        return null;
    }

    /**
     * A user turn with function responses must follow a model turn with as many function calls, the names in order;
     * a model turn with function calls must be answered that way.
     */
    private static String validateResponses(JsonNode contents, int index) {
        JsonNode content = contents.get(index);
        List<String> responses = names(content, "functionResponse");
        List<String> previousCalls = index == 0 ? List.of() : names(contents.get(index - 1), "functionCall");
        if (content.path("role").asText().equals("user") && !responses.isEmpty()) {
            if (previousCalls.isEmpty()) {
                return "* GenerateContentRequest.contents[" + index + "]: a function response turn must come immediately "
                        + "after a function call turn.";
            }
            if (responses.size() != previousCalls.size()) {
                return "Please ensure that the number of function response parts is equal to the number of function "
                        + "call parts of the function call turn.";
            }
            if (!responses.equals(previousCalls)) {
                return "* GenerateContentRequest.contents[" + index + "]: function response names " + responses
                        + " do not match the calls " + previousCalls;
            }
        }
        if (content.path("role").asText().equals("model") && !names(content, "functionCall").isEmpty()
                && index + 1 < contents.size() && names(contents.get(index + 1), "functionResponse").isEmpty()) {
            return "* GenerateContentRequest.contents[" + (index + 1) + "]: a function call turn must be followed by "
                    + "a function response turn.";
        }
        return null;
    }

    private static List<String> names(JsonNode content, String kind) {
        List<String> names = new ArrayList<>();
        for (JsonNode part : content.path("parts")) {
            if (part.has(kind)) {
                names.add(part.path(kind).path("name").asText());
            }
        }
        return names;
    }

    // ---- tools -------------------------------------------------------------------------------------------------

    private static String validateTools(JsonNode body) {
        JsonNode tools = body.get("tools");
        Set<String> names = new HashSet<>();
        if (tools != null) {
            if (!tools.isArray()) {
                return "* GenerateContentRequest.tools: must be a list";
            }
            for (int t = 0; t < tools.size(); t++) {
                JsonNode declarations = tools.get(t).path("functionDeclarations");
                for (int f = 0; f < declarations.size(); f++) {
                    JsonNode declaration = declarations.get(f);
                    String where = "* GenerateContentRequest.tools[" + t + "].function_declarations[" + f + "]";
                    for (Iterator<String> it = declaration.fieldNames(); it.hasNext(); ) {
                        String field = it.next();
                        if (!Set.of("name", "description", "parameters", "parametersJsonSchema", "response")
                                .contains(field)) {
                            return "Invalid JSON payload received. Unknown name \"" + field + "\" at '"
                                    + where.substring(2) + "'";
                        }
                    }
                    String name = declaration.path("name").asText("");
                    if (!FUNCTION_NAME.matcher(name).matches()) {
                        return where + ".name: Invalid function name. Must start with a letter or an underscore. Must "
                                + "be a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes, with a maximum "
                                + "length of 64.";
                    }
                    if (!names.add(name)) {
                        return where + ".name: Duplicate function declaration found: " + name;
                    }
                    if (declaration.has("parameters")) {
                        String error = validateSchema(declaration.get("parameters"), where + ".parameters");
                        if (error != null) {
                            return error;
                        }
                        if (!"object".equalsIgnoreCase(declaration.path("parameters").path("type").asText())) {
                            return where + ".parameters.type: must be OBJECT";
                        }
                    }
                }
            }
        }
        JsonNode toolConfig = body.get("toolConfig");
        if (toolConfig != null) {
            JsonNode calling = toolConfig.path("functionCallingConfig");
            if (calling.has("mode") && !MODES.contains(calling.path("mode").asText())) {
                return "* GenerateContentRequest.tool_config.function_calling_config.mode: invalid value";
            }
            for (JsonNode allowed : calling.path("allowedFunctionNames")) {
                if (!names.contains(allowed.asText())) {
                    return "* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: "
                            + allowed.asText() + " is not a declared function";
                }
            }
        }
        return null;
    }

    /** A {@code Schema}: only its own keywords, one type, properties only on objects and never empty. */
    public static String validateSchema(JsonNode schema, String where) {
        if (!schema.isObject()) {
            return where + ": must be an object";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!SCHEMA_KEYS.contains(field.getKey())) {
                return "Invalid JSON payload received. Unknown name \"" + field.getKey() + "\" at '"
                        + where.replaceFirst("^\\* ", "") + "': Cannot find field.";
            }
        }
        JsonNode type = schema.get("type");
        if (type != null && (!type.isTextual() || !TYPES.contains(type.asText()))) {
            return where + ".type: invalid value " + type;
        }
        boolean object = type != null && type.asText().equalsIgnoreCase("object");
        JsonNode properties = schema.get("properties");
        if (properties != null) {
            if (!object) {
                return where + ".properties: only allowed for OBJECT type";
            }
            if (!properties.isObject() || properties.isEmpty()) {
                return where + ".properties: should be non-empty for OBJECT type";
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                String error = validateSchema(property.getValue(), where + ".properties[" + property.getKey() + "]");
                if (error != null) {
                    return error;
                }
            }
        }
        JsonNode required = schema.get("required");
        if (required != null) {
            if (!object) {
                return where + ".required: only allowed for OBJECT type";
            }
            for (JsonNode name : required) {
                if (properties == null || !properties.has(name.asText())) {
                    return where + ".required[" + name.asText() + "]: property is not defined";
                }
            }
        }
        if (schema.has("enum")) {
            for (JsonNode value : schema.get("enum")) {
                if (!value.isTextual()) {
                    return where + ".enum: only string values are allowed";
                }
            }
        }
        if (schema.has("items")) {
            String error = validateSchema(schema.get("items"), where + ".items");
            if (error != null) {
                return error;
            }
        }
        if (schema.has("anyOf")) {
            JsonNode anyOf = schema.get("anyOf");
            for (int i = 0; i < anyOf.size(); i++) {
                String error = validateSchema(anyOf.get(i), where + ".any_of[" + i + "]");
                if (error != null) {
                    return error;
                }
            }
        }
        return null;
    }

    private static String validateGeneration(JsonNode config) {
        if (config == null) {
            return null;
        }
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!GENERATION_KEYS.contains(field)) {
                return "Invalid JSON payload received. Unknown name \"" + field + "\" at 'generation_config'";
            }
        }
        if (config.path("stopSequences").size() > 5) {
            return "* GenerateContentRequest.generation_config.stop_sequences: at most 5 are allowed";
        }
        JsonNode thinking = config.get("thinkingConfig");
        if (thinking != null) {
            for (Iterator<String> it = thinking.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!THINKING_KEYS.contains(field)) {
                    return "Invalid JSON payload received. Unknown name \"" + field + "\" at 'generation_config.thinking_config'";
                }
            }
            if (thinking.has("thinkingBudget") && thinking.has("thinkingLevel")) {
                return "* GenerateContentRequest.generation_config.thinking_config: thinking_budget and thinking_level "
                        + "cannot both be set";
            }
        }
        if (config.has("responseSchema")) {
            return validateSchema(config.get("responseSchema"), "* GenerateContentRequest.generation_config.response_schema");
        }
        return null;
    }
}
