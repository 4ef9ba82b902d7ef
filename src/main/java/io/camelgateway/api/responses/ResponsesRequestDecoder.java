package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestFields;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a {@code POST /v1/responses} body into the canonical {@link TurnRequest}. Refuses only what is really
 * wrong (missing model or input, wrong types) with a message naming the field; item and tool types it does not
 * translate are kept as opaque items or hosted tools.
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
        return new TurnRequest(model, instructions(body), input, tools,
                ResponsesToolDecoder.toolChoice(body.get("tool_choice")),
                optionalBoolean(body, "parallel_tool_calls"), reasoning(body.get("reasoning")),
                optionalInt(body, "max_output_tokens"), optionalDouble(body, "temperature"),
                optionalDouble(body, "top_p"), null, textFormat(body.get("text")),
                body.path("stream").asBoolean(false), Json.str(body, "user"), body.get("metadata"));
    }

    private static String instructions(ObjectNode body) {
        JsonNode node = body.get("instructions");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new RequestValidationException("instructions must be a string", "instructions");
        }
        return node.asText();
    }

    private static ReasoningEffort reasoning(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new RequestValidationException("reasoning must be an object", "reasoning");
        }
        return new ReasoningEffort(Json.str(node, "effort"), Json.str(node, "summary"));
    }

    private static JsonNode textFormat(JsonNode text) {
        if (text == null || !text.isObject()) {
            return null;
        }
        JsonNode format = text.get("format");
        return format != null && format.isObject() && !"text".equals(Json.str(format, "type")) ? format : null;
    }

    private static Boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new RequestValidationException(field + " must be a boolean", field);
        }
        return node.asBoolean();
    }

    private static Integer optionalInt(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > Integer.MAX_VALUE) {
            throw new RequestValidationException(field + " must be a positive integer", field);
        }
        return node.asInt();
    }

    private static Double optionalDouble(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new RequestValidationException(field + " must be a number", field);
        }
        return node.asDouble();
    }
}
