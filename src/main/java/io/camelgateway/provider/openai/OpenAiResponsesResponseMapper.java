package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.api.responses.ResponsesItemDecoder;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.json.Json;
import io.camelgateway.provider.TurnContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole (non-streamed) Responses API {@code response} object → canonical response. Output items are read by the
 * Responses client API's item decoder; tool calls then get the client's tool names back from the turn's name map.
 * Items the provider ran itself (web search calls and the like) are not for the client and are left out.
 */
public final class OpenAiResponsesResponseMapper {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiResponsesResponseMapper.class);

    public TurnResponse map(byte[] body, TurnContext context) {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("OpenAI response is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("OpenAI response is not a JSON object");
        }
        String id = Json.str(root, "id") != null ? Json.str(root, "id") : Ids.next("resp_");
        long createdAt = root.path("created_at").asLong(System.currentTimeMillis() / 1000);
        Usage usage = OpenAiResponsesWire.usage(root.get("usage"));
        usage = usage == null ? Usage.ZERO : usage;
        String model = context.request().model();
        if ("failed".equals(Json.str(root, "status")) || !root.has("output") && root.path("error").isObject()) {
            TurnError error = OpenAiResponsesWire.failure(context.target().provider(), root.path("error"));
            return new TurnResponse(id, model, createdAt, List.of(), usage, null, error);
        }
        return new TurnResponse(id, model, createdAt, output(root.path("output"), context), usage,
                OpenAiResponsesWire.stopReason(root), null);
    }

    private static List<Item> output(JsonNode output, TurnContext context) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < output.size(); i++) {
            Item item;
            try {
                item = ResponsesItemDecoder.item(output.get(i), "output[" + i + "]");
            } catch (RequestValidationException e) {
                throw new IllegalArgumentException("OpenAI response has a malformed output item: " + e.getMessage(), e);
            }
            Item mapped = forClient(item, context);
            if (mapped != null) {
                items.add(mapped);
            } else {
                LOG.debug("left out a {} output item: the provider ran it itself", item.type());
            }
        }
        return items;
    }

    private static Item forClient(Item item, TurnContext context) {
        if (item instanceof FunctionCall f) {
            String wire = f.namespace() == null ? f.name() : context.tools().wireName(f.namespace(), f.name());
            return OpenAiToolCalls.call(context.tools().resolve(wire), f.id(), f.callId(), f.arguments());
        }
        if (item instanceof CustomToolCall c) {
            return OpenAiToolCalls.call(context.tools().resolve(c.name()), c.id(), c.callId(),
                    OpenAiToolCalls.wrapInput(c.input()));
        }
        if (item instanceof Reasoning r) {
            // reasoning text (from servers that expose it) is shown as the summary, as in the stream
            return r.summary().isEmpty() && !r.content().isEmpty()
                    ? new Reasoning(r.id(), r.content(), List.of(), r.encryptedContent())
                    : new Reasoning(r.id(), r.summary(), List.of(), r.encryptedContent());
        }
        if (item instanceof Message || item instanceof ToolSearchCall) {
            return item;
        }
        return null;
    }
}
