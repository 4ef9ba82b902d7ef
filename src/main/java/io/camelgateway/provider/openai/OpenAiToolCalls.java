package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.json.Json;
import java.io.IOException;

/**
 * OpenAI's tool calls as the client declared the tools. A freeform (custom) call's raw input travels as the
 * arguments {@code {"input": "<raw>"}}, the form the canonical stream assembler reads freeform input from, so
 * whole answers and streams give the same items.
 */
final class OpenAiToolCalls {

    private OpenAiToolCalls() {
    }

    /** The call for the tool {@code ref} stands for: a function, freeform or tool-search call. */
    static Item call(ToolRef ref, String id, String callId, String arguments) {
        switch (ref.kind()) {
            case CUSTOM:
                return new CustomToolCall(id, callId, ref.name(), inputOf(arguments));
            case TOOL_SEARCH:
                return new ToolSearchCall(id, callId, "client", objectOf(arguments));
            case FUNCTION:
            default:
                return new FunctionCall(id, callId, ref.namespace(), ref.name(), arguments);
        }
    }

    static String wrapInput(String raw) {
        return "{\"input\":\"" + escape(raw) + "\"}";
    }

    /** The text as it appears inside a JSON string literal, without the quotes. */
    static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String quoted = Json.text(Json.NODES.textNode(text));
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String inputOf(String arguments) {
        JsonNode input = objectOf(arguments).get("input");
        return input != null && input.isTextual() ? input.asText() : arguments;
    }

    private static JsonNode objectOf(String arguments) {
        try {
            JsonNode node = arguments == null ? null : Json.MAPPER.readTree(arguments);
            return node != null && node.isObject() ? node : Json.object();
        } catch (IOException e) {
            return Json.object();
        }
    }
}
