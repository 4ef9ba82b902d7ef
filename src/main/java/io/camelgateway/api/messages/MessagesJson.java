package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.Usage;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Messages shapes shared by the response and stream encoders and the error bodies. */
final class MessagesJson {

    private MessagesJson() {
    }

    /** {@code msg_…} from the turn's response id. */
    static String messageId(String responseId) {
        if (responseId == null) {
            return "msg_";
        }
        return "msg_" + (responseId.startsWith("resp_") ? responseId.substring(5) : responseId);
    }

    /** {@code tool_use} whenever a call was emitted: a client told {@code end_turn} stops the agent loop. */
    static String stopReason(StopReason reason, boolean toolCalls) {
        if (toolCalls) {
            return "tool_use";
        }
        if (reason == StopReason.MAX_OUTPUT_TOKENS) {
            return "max_tokens";
        }
        return reason == StopReason.CONTENT_FILTER ? "refusal" : "end_turn";
    }

    /**
     * Anthropic's usage: {@code input_tokens} counts only the uncached input, cache reads and writes are separate
     * (the canonical input count includes both).
     */
    static ObjectNode usage(Usage usage) {
        Usage u = usage == null ? Usage.ZERO : usage;
        ObjectNode out = Json.object();
        out.put("input_tokens", Math.max(0, u.inputTokens() - u.cachedInputTokens() - u.cacheWriteTokens()));
        out.put("cache_creation_input_tokens", u.cacheWriteTokens());
        out.put("cache_read_input_tokens", u.cachedInputTokens());
        out.put("output_tokens", u.outputTokens());
        return out;
    }

    static boolean isToolCall(Item item) {
        return item instanceof FunctionCall || item instanceof CustomToolCall || item instanceof ToolSearchCall;
    }

    /** A {@code tool_use} block with an empty input, as a stream opens it. */
    static ObjectNode toolUseStart(Item call) {
        ObjectNode block = Json.object().put("type", "tool_use");
        if (call instanceof FunctionCall f) {
            block.put("id", f.callId()).put("name", f.name());
        } else if (call instanceof CustomToolCall c) {
            block.put("id", c.callId()).put("name", c.name());
        } else {
            block.put("id", ((ToolSearchCall) call).callId()).put("name", ToolNameMap.TOOL_SEARCH_NAME);
        }
        block.putObject("input");
        return block;
    }

    /** A complete {@code tool_use} block. */
    static ObjectNode toolUse(Item call) {
        ObjectNode block = toolUseStart(call);
        block.set("input", input(call));
        return block;
    }

    /**
     * A call's input object: function arguments parsed (text that is not a JSON object as {@code {"raw": text}}),
     * a freeform call's text as {@code {"input": text}}.
     */
    static ObjectNode input(Item call) {
        if (call instanceof CustomToolCall c) {
            return Json.object().put("input", c.input() == null ? "" : c.input());
        }
        if (call instanceof ToolSearchCall s) {
            return s.arguments() != null && s.arguments().isObject() ? (ObjectNode) s.arguments() : Json.object();
        }
        String arguments = ((FunctionCall) call).arguments();
        if (arguments == null || arguments.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode parsed = Json.MAPPER.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return (ObjectNode) parsed;
            }
        } catch (java.io.IOException e) {
            // the model produced broken arguments: hand them over as text rather than lose them
        }
        return Json.object().put("raw", arguments);
    }

    /**
     * The thinking blocks of a reasoning item: Anthropic's own restored verbatim; another provider's reasoning as
     * one thinking block signed with the gateway's envelope (none when it has neither text nor opaque content).
     */
    static List<ObjectNode> thinkingBlocks(Reasoning reasoning) {
        List<ObjectNode> own = MessagesThinking.anthropicBlocks(reasoning);
        if (own != null) {
            return own;
        }
        String text = MessagesThinking.text(reasoning);
        if (text.isEmpty() && reasoning.encryptedContent() == null) {
            return List.of();
        }
        List<ObjectNode> blocks = new ArrayList<>();
        blocks.add(Json.object().put("type", "thinking").put("thinking", text)
                .put("signature", MessagesThinking.foreignSignature(reasoning.encryptedContent())));
        return blocks;
    }

    /** Anthropic's error type for an HTTP status. */
    static String errorType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** The type of an in-stream error: Claude Code retries {@code overloaded_error}, so every 5xx is one. */
    static String streamErrorType(int status) {
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "overloaded_error" : errorType(status);
    }

    /** {@code {"type":"error","error":{"type","message"}}}. */
    static ObjectNode error(String type, String message) {
        ObjectNode root = Json.object().put("type", "error");
        root.putObject("error").put("type", type).put("message", message == null ? "" : message);
        return root;
    }

    static ObjectNode error(TurnError error) {
        return error(errorType(error.status()), error.message());
    }
}
