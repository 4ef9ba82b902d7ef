package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestFields;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes a {@code POST /v1/responses} body into the canonical {@link TurnRequest}, once
 * {@link ResponsesRequestRules} checked its types; item and tool types it does not translate are kept as opaque
 * items or hosted tools.
 */
public final class ResponsesRequestDecoder {

    private ResponsesRequestDecoder() {
    }

    /** Checks the types of every field any route reads or forwards (see {@link ResponsesRequestRules}). */
    public static String validateAndGetModel(ObjectNode body) {
        String model = RequestFields.requireModel(body);
        ResponsesRequestRules.check(body);
        return model;
    }

    public static TurnRequest decode(ObjectNode body) {
        String model = validateAndGetModel(body);
        List<Item> input = new ArrayList<>();
        List<ToolSpec> tools = ResponsesToolDecoder.tools(body.get("tools"), "tools");
        JsonNode inputNode = body.get("input");
        if (inputNode.isTextual()) {
            input.add(Message.text(Role.USER, inputNode.asText()));
        } else {
            for (int i = 0; i < inputNode.size(); i++) {
                JsonNode item = inputNode.get(i);
                if (item != null && "additional_tools".equals(Json.str(item, "type"))) {
                    tools.addAll(ResponsesToolDecoder.tools(item.get("tools"), "input[" + i + "].tools"));
                    continue;
                }
                input.add(ResponsesItemDecoder.item(item, "input[" + i + "]"));
            }
        }
        JsonNode reasoning = body.get("reasoning");
        return new TurnRequest(model, Json.str(body, "instructions"), input, tools,
                ResponsesToolDecoder.toolChoice(body.get("tool_choice")),
                optional(body, "parallel_tool_calls", JsonNode::booleanValue),
                reasoning == null || reasoning.isNull() ? null
                        : new ReasoningEffort(Json.str(reasoning, "effort"), Json.str(reasoning, "summary")),
                optional(body, "max_output_tokens", JsonNode::intValue), optional(body, "temperature", JsonNode::doubleValue),
                optional(body, "top_p", JsonNode::doubleValue), null, textFormat(body.get("text")),
                body.path("stream").asBoolean(false), Json.str(body, "user"), body.get("metadata"),
                Json.str(body, "prompt_cache_key"));
    }

    private static JsonNode textFormat(JsonNode text) {
        if (text == null || !text.isObject()) {
            return null;
        }
        JsonNode format = text.get("format");
        return format != null && format.isObject() && !"text".equals(Json.str(format, "type")) ? format : null;
    }

    /** A field whose type {@link ResponsesRequestRules} already checked; null when absent. */
    private static <T> T optional(ObjectNode body, String field, Function<JsonNode, T> read) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : read.apply(node);
    }
}
