package io.camelgateway.api.messages;

import static io.camelgateway.api.FieldTable.Kind.ARRAY;
import static io.camelgateway.api.FieldTable.Kind.BOOLEAN;
import static io.camelgateway.api.FieldTable.Kind.INTEGER;
import static io.camelgateway.api.FieldTable.Kind.NAME;
import static io.camelgateway.api.FieldTable.Kind.NUMBER;
import static io.camelgateway.api.FieldTable.Kind.OBJECT;
import static io.camelgateway.api.FieldTable.Kind.POSITIVE_INTEGER;
import static io.camelgateway.api.FieldTable.Kind.STRING;
import static io.camelgateway.api.FieldTable.Kind.STRING_ARRAY;
import static io.camelgateway.api.FieldTable.Kind.STRING_OR_ARRAY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.FieldTable;
import io.camelgateway.api.RequestFields;
import io.camelgateway.api.RequestValidationException;
import java.util.Map;
import java.util.Set;

/**
 * The types of every {@code POST /v1/messages} field the gateway reads or forwards, as tables: the body, each
 * content block type and the tools. Checked before any provider is called (the Anthropic passthrough included);
 * fields and block types not listed pass through untouched. Errors name the field the way Anthropic does
 * ({@code messages.2.content.0.type: Field required}).
 */
final class MessagesRequestRules {

    private static final FieldTable BODY = FieldTable.builder()
            .required("messages", ARRAY)
            .optional("max_tokens", POSITIVE_INTEGER)
            .optional("system", STRING_OR_ARRAY)
            .optional("tools", ARRAY)
            .optional("tool_choice", OBJECT)
            .optional("tool_choice.type", NAME)
            .optional("tool_choice.name", NAME)
            .optional("tool_choice.disable_parallel_tool_use", BOOLEAN)
            .optional("thinking", OBJECT)
            .optional("thinking.type", NAME)
            .optional("thinking.budget_tokens", INTEGER)
            .optional("output_config", OBJECT)
            .optional("output_config.effort", NAME)
            .optional("stream", BOOLEAN)
            .optional("temperature", NUMBER)
            .optional("top_p", NUMBER)
            .optional("top_k", INTEGER)
            .optional("stop_sequences", STRING_ARRAY)
            .optional("metadata", OBJECT)
            .optional("metadata.user_id", STRING)
            .optional("context_management", OBJECT)
            .build();

    private static final FieldTable MAX_TOKENS = FieldTable.builder().required("max_tokens", POSITIVE_INTEGER).build();

    private static final FieldTable MESSAGE = FieldTable.builder().required("content", STRING_OR_ARRAY).build();

    private static final FieldTable SOURCE = FieldTable.builder()
            .required("source", OBJECT).required("source.type", NAME).optional("source.media_type", STRING)
            .optional("source.data", STRING).optional("source.url", STRING).build();

    private static final Map<String, FieldTable> BLOCKS = Map.of(
            "text", FieldTable.builder().required("text", STRING).build(),
            "image", SOURCE,
            "document", SOURCE,
            "tool_use", FieldTable.builder()
                    .required("id", NAME).required("name", NAME).required("input", OBJECT).build(),
            "tool_result", FieldTable.builder()
                    .required("tool_use_id", NAME).optional("content", STRING_OR_ARRAY).optional("is_error", BOOLEAN)
                    .build(),
            "thinking", FieldTable.builder().required("thinking", STRING).optional("signature", STRING).build(),
            "redacted_thinking", FieldTable.builder().required("data", STRING).build());

    private static final FieldTable SYSTEM_BLOCK = FieldTable.builder().required("text", STRING).build();

    private static final FieldTable TOOL = FieldTable.builder()
            .required("name", NAME).optional("description", STRING).optional("input_schema", OBJECT)
            .optional("defer_loading", BOOLEAN).build();

    private static final Set<String> ROLES = Set.of("user", "assistant", "system");
    private static final Set<String> TOOL_CHOICES = Set.of("auto", "any", "tool", "none");
    private static final Set<String> THINKING_TYPES = Set.of("enabled", "adaptive", "disabled");

    private MessagesRequestRules() {
    }

    /** A {@code POST /v1/messages} body: everything, {@code max_tokens} included. */
    static String check(ObjectNode body) {
        String model = checkCount(body);
        checkReworded(() -> MAX_TOKENS.check(body, ""));
        return model;
    }

    /** A {@code POST /v1/messages/count_tokens} body: as a turn, but {@code max_tokens} is not needed. */
    static String checkCount(ObjectNode body) {
        String model = anthropicStyle(() -> RequestFields.requireModel(body));
        checkReworded(() -> {
            BODY.check(body, "");
            messages(body.get("messages"));
            system(body.get("system"));
            tools(body.get("tools"));
            choices(body);
        });
        return model;
    }

    private static void messages(JsonNode messages) {
        if (messages.isEmpty()) {
            throw invalid("messages", "at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages." + i;
            JsonNode message = object(messages.get(i), param);
            JsonNode role = message.get("role");
            if (role == null || role.isNull()) {
                throw invalid(param + ".role", "Field required");
            }
            if (!role.isTextual() || !ROLES.contains(role.asText())) {
                throw invalid(param + ".role", "Input should be 'user', 'assistant' or 'system'");
            }
            MESSAGE.check(message, param + ".");
            blocks(message.get("content"), param + ".content");
        }
    }

    private static void blocks(JsonNode content, String param) {
        if (!content.isArray()) {
            return;
        }
        for (int j = 0; j < content.size(); j++) {
            String blockParam = param + "." + j;
            JsonNode block = object(content.get(j), blockParam);
            String type = type(block, blockParam);
            FieldTable table = BLOCKS.get(type);
            if (table != null) {
                table.check(block, blockParam + ".");
            }
            if ("tool_result".equals(type) && block.has("content")) {
                blocks(block.get("content"), blockParam + ".content");
            }
        }
    }

    private static void system(JsonNode system) {
        if (system == null || !system.isArray()) {
            return;
        }
        for (int i = 0; i < system.size(); i++) {
            String param = "system." + i;
            JsonNode block = object(system.get(i), param);
            if (!"text".equals(type(block, param))) {
                throw invalid(param + ".type", "Input should be 'text'");
            }
            SYSTEM_BLOCK.check(block, param + ".");
        }
    }

    private static void tools(JsonNode tools) {
        if (tools == null || !tools.isArray()) {
            return;
        }
        for (int i = 0; i < tools.size(); i++) {
            String param = "tools." + i;
            JsonNode tool = object(tools.get(i), param);
            if (tool.has("type") && !tool.get("type").isNull() && !NAME.accepts(tool.get("type"))) {
                throw invalid(param + ".type", "must be " + NAME.words());
            }
            TOOL.check(tool, param + ".");
        }
    }

    private static void choices(ObjectNode body) {
        JsonNode choice = body.get("tool_choice");
        if (choice != null && choice.isObject()) {
            String type = choice.path("type").asText(null);
            if (type == null) {
                throw invalid("tool_choice.type", "Field required");
            }
            if (!TOOL_CHOICES.contains(type)) {
                throw invalid("tool_choice.type", "Input should be 'auto', 'any', 'tool' or 'none'");
            }
            if ("tool".equals(type) && !choice.hasNonNull("name")) {
                throw invalid("tool_choice.name", "Field required (tool_choice of type 'tool' names the tool)");
            }
        }
        JsonNode thinking = body.get("thinking");
        if (thinking != null && thinking.isObject()) {
            String type = thinking.path("type").asText(null);
            if (type == null) {
                throw invalid("thinking.type", "Field required");
            }
            if (!THINKING_TYPES.contains(type)) {
                throw invalid("thinking.type", "Input should be 'enabled', 'adaptive' or 'disabled'");
            }
        }
    }

    private static JsonNode object(JsonNode node, String param) {
        if (node == null || !node.isObject()) {
            throw invalid(param, "Input should be an object");
        }
        return node;
    }

    /** A block's {@code type}: required, and a name (it may be logged when the block is dropped). */
    private static String type(JsonNode block, String param) {
        JsonNode type = block.get("type");
        if (type == null || type.isNull()) {
            throw invalid(param + ".type", "Field required");
        }
        if (!NAME.accepts(type)) {
            throw invalid(param + ".type", "must be " + NAME.words());
        }
        return type.asText();
    }

    private static RequestValidationException invalid(String param, String problem) {
        return new RequestValidationException(param + ": " + problem, param);
    }

    /**
     * Runs shared checks and rewords their errors as Anthropic words them: the field first, then the problem
     * ({@code max_tokens: Field required} rather than {@code Missing required parameter: 'max_tokens'}).
     */
    private static <T> T anthropicStyle(java.util.function.Supplier<T> check) {
        try {
            return check.get();
        } catch (RequestValidationException e) {
            String param = e.error().param();
            String message = e.error().message();
            if (param == null || message.startsWith(param + ":")) {
                throw e;
            }
            String problem;
            if (message.startsWith("Missing required parameter")) {
                problem = "Field required";
            } else if (message.startsWith(param + " ")) {
                problem = message.substring(param.length() + 1);
            } else {
                problem = message;
            }
            throw invalid(param, problem);
        }
    }

    private static void checkReworded(Runnable check) {
        anthropicStyle(() -> {
            check.run();
            return null;
        });
    }
}
