package io.camelgateway.api.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.Usage;

/** Chat Completions shapes shared by the response and stream encoders. */
final class ChatJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private ChatJson() {
    }

    static String completionId(String responseId) {
        String suffix = responseId == null ? "" : responseId.startsWith("resp_") ? responseId.substring(5) : responseId;
        return "chatcmpl-" + suffix;
    }

    static boolean isToolCall(Item item) {
        return item instanceof FunctionCall || item instanceof CustomToolCall || item instanceof ToolSearchCall;
    }

    static String callId(Item item) {
        if (item instanceof FunctionCall f) {
            return f.callId();
        }
        if (item instanceof CustomToolCall c) {
            return c.callId();
        }
        return ((ToolSearchCall) item).callId();
    }

    /** The plain tool name (namespaced calls without their namespace: the chat client declared them flat). */
    static String toolName(Item item) {
        if (item instanceof FunctionCall f) {
            return f.name();
        }
        if (item instanceof CustomToolCall c) {
            return c.name();
        }
        return ToolNameMap.TOOL_SEARCH_NAME;
    }

    /** Function arguments; a freeform call is shown as the one-string function {@code {"input": raw}}. */
    static String arguments(Item item) {
        if (item instanceof FunctionCall f) {
            return f.arguments() == null || f.arguments().isEmpty() ? "{}" : f.arguments();
        }
        if (item instanceof CustomToolCall c) {
            return JSON.createObjectNode().put("input", c.input()).toString();
        }
        ToolSearchCall search = (ToolSearchCall) item;
        return search.arguments() == null ? "{}" : search.arguments().toString();
    }

    static ObjectNode toolCall(Item item) {
        ObjectNode call = JSON.createObjectNode().put("id", callId(item)).put("type", "function");
        call.putObject("function").put("name", toolName(item)).put("arguments", arguments(item));
        return call;
    }

    static String finishReason(StopReason reason, boolean toolCalls) {
        if (toolCalls) {
            return "tool_calls";
        }
        if (reason == StopReason.MAX_OUTPUT_TOKENS) {
            return "length";
        }
        return reason == StopReason.CONTENT_FILTER ? "content_filter" : "stop";
    }

    static ObjectNode usage(Usage usage) {
        Usage u = usage == null ? Usage.ZERO : usage;
        ObjectNode out = JSON.createObjectNode();
        out.put("prompt_tokens", u.inputTokens());
        out.put("completion_tokens", u.outputTokens());
        out.put("total_tokens", u.totalTokens());
        out.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInputTokens());
        out.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        return out;
    }

    /** {@code {"error":{"message","type","code","param"}}}. */
    static ObjectNode error(TurnError error) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode body = root.putObject("error");
        body.put("message", error.message());
        body.put("type", error.type());
        body.put("code", error.code());
        body.put("param", error.param());
        return root;
    }
}
