package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.TurnContext;
import java.io.IOException;

/**
 * A whole Converse response → {@link TurnResponse}. Replays its content blocks as the ConverseStream events
 * Bedrock would have sent, through the same translator, so both paths produce identical items.
 */
final class BedrockResponseMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    TurnResponse map(byte[] body, TurnContext context) {
        JsonNode response;
        try {
            response = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Bedrock response is not JSON", e);
        }
        if (response == null || !response.isObject()) {
            throw new IllegalArgumentException("Bedrock response is not a JSON object");
        }
        TurnResponse[] terminal = new TurnResponse[1];
        TurnStreamAssembler assembler = new TurnStreamAssembler(event -> {
            if (event instanceof StreamEvent.Finished finished) {
                terminal[0] = finished.response();
            } else if (event instanceof StreamEvent.Failed failed) {
                terminal[0] = failed.response();
            }
        }, context.tools(), context.request().model());
        BedrockStreamTranslator translator = new BedrockStreamTranslator(assembler, context.target().provider());
        translator.onEvent(event("messageStart", NODES.objectNode().put("role", "assistant")));
        int index = 0;
        for (JsonNode block : response.path("output").path("message").path("content")) {
            replay(translator, index++, block);
        }
        translator.onEvent(event("messageStop", NODES.objectNode().put("stopReason",
                response.path("stopReason").asText("end_turn"))));
        ObjectNode metadata = NODES.objectNode();
        metadata.set("usage", response.path("usage").deepCopy());
        translator.onEvent(event("metadata", metadata));
        translator.onEnd();
        return terminal[0];
    }

    private static void replay(BedrockStreamTranslator translator, int index, JsonNode block) {
        if (block.has("text")) {
            delta(translator, index, NODES.objectNode().put("text", block.path("text").asText("")));
        } else if (block.has("toolUse")) {
            JsonNode use = block.path("toolUse");
            ObjectNode start = NODES.objectNode().put("contentBlockIndex", index);
            start.putObject("start").putObject("toolUse").put("toolUseId", use.path("toolUseId").asText())
                    .put("name", use.path("name").asText());
            translator.onEvent(event("contentBlockStart", start));
            JsonNode input = use.path("input");
            ObjectNode delta = NODES.objectNode();
            delta.putObject("toolUse").put("input", input.isMissingNode() ? "{}" : input.toString());
            delta(translator, index, delta);
        } else if (block.has("reasoningContent")) {
            JsonNode reasoning = block.path("reasoningContent");
            ObjectNode delta = NODES.objectNode();
            ObjectNode content = delta.putObject("reasoningContent");
            if (reasoning.has("redactedContent")) {
                content.set("redactedContent", reasoning.get("redactedContent"));
            } else {
                JsonNode text = reasoning.path("reasoningText");
                content.put("text", text.path("text").asText(""));
                if (text.has("signature")) {
                    content.set("signature", text.get("signature"));
                }
            }
            delta(translator, index, delta);
        } else {
            return;
        }
        translator.onEvent(event("contentBlockStop", NODES.objectNode().put("contentBlockIndex", index)));
    }

    private static void delta(BedrockStreamTranslator translator, int index, ObjectNode delta) {
        ObjectNode event = NODES.objectNode().put("contentBlockIndex", index);
        event.set("delta", delta);
        translator.onEvent(event("contentBlockDelta", event));
    }

    private static SseEvent event(String name, JsonNode data) {
        return new SseEvent(name, data.toString());
    }
}
