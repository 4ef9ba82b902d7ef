package io.camelgateway.provider.anthropic;

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
 * A complete (non-streamed) Messages response → {@link TurnResponse}. Replays the content blocks as the stream
 * events Anthropic would have sent, through the same translator, so both paths produce identical items.
 */
public final class AnthropicResponseMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public TurnResponse map(byte[] body, TurnContext context) {
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Anthropic response is not JSON", e);
        }
        if (message == null || !message.isObject()) {
            throw new IllegalArgumentException("Anthropic response is not a JSON object");
        }
        TurnResponse[] terminal = new TurnResponse[1];
        TurnStreamAssembler assembler = new TurnStreamAssembler(event -> {
            if (event instanceof StreamEvent.Finished finished) {
                terminal[0] = finished.response();
            } else if (event instanceof StreamEvent.Failed failed) {
                terminal[0] = failed.response();
            }
        }, context.tools(), context.request().model());
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(assembler, context.target().provider());
        if ("error".equals(message.path("type").asText())) {
            translator.onEvent(event("error", message));
            translator.onEnd();
            return terminal[0];
        }
        ObjectNode start = NODES.objectNode().put("type", "message_start");
        start.putObject("message").set("usage", message.path("usage").deepCopy());
        translator.onEvent(event("message_start", start));
        int index = 0;
        for (JsonNode block : message.path("content")) {
            ObjectNode blockStart = NODES.objectNode().put("type", "content_block_start").put("index", index);
            blockStart.set("content_block", block);
            translator.onEvent(event("content_block_start", blockStart));
            translator.onEvent(event("content_block_stop", NODES.objectNode().put("type", "content_block_stop").put("index", index)));
            index++;
        }
        ObjectNode delta = NODES.objectNode().put("type", "message_delta");
        delta.putObject("delta").set("stop_reason", message.path("stop_reason").deepCopy());
        delta.set("usage", message.path("usage").deepCopy());
        translator.onEvent(event("message_delta", delta));
        translator.onEvent(event("message_stop", NODES.objectNode().put("type", "message_stop")));
        translator.onEnd();
        return terminal[0];
    }

    private static SseEvent event(String name, JsonNode data) {
        return new SseEvent(name, data.toString());
    }
}
