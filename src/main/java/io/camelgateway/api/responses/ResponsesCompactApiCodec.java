package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientStream;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.api.RoutingFacts;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.util.function.Function;

/**
 * {@code POST /v1/responses/compact}, OpenAI's remote compaction, which Codex calls instead of compacting locally
 * when it takes the provider for OpenAI (the built-in provider, or one named {@code azure}). A provider speaking the
 * Responses wire gets the request unchanged; for any other the gateway compacts as Codex does locally: one
 * summarisation turn without tools, answered as a compacted history holding the summary, which Codex puts in place
 * of the conversation.
 */
public final class ResponsesCompactApiCodec implements ClientApiCodec {

    public static final String WIRE = "openai-responses-compact";

    static final String SUMMARY_REQUEST = "Your context window is being compacted. Write a handoff summary of this "
            + "conversation for the model that continues the task: the user's goal and constraints, what has been "
            + "done (files changed, commands run and their results), decisions taken, open problems, and the exact "
            + "next steps. Be complete but concise; do not call tools.";
    static final String SUMMARY_PREFIX = "Another language model worked on this task before you and summarised its "
            + "progress, because the earlier conversation was compacted. Build on this summary and do not redo "
            + "finished work:\n\n";

    private final ResponsesApiCodec responses = new ResponsesApiCodec();

    @Override
    public String name() {
        return "responsesCompact";
    }

    @Override
    public String path() {
        return "/v1/responses/compact";
    }

    @Override
    public String wire() {
        return WIRE;
    }

    @Override
    public String validateAndGetModel(ObjectNode body) {
        if (body.path("stream").asBoolean(false)) {
            throw new RequestValidationException("stream is not supported by /v1/responses/compact", "stream");
        }
        return responses.validateAndGetModel(body);
    }

    /** The summarisation turn: the conversation, then the request for a summary; no tools, not streamed. */
    @Override
    public TurnRequest decode(ObjectNode body) {
        ObjectNode turn = body.deepCopy();
        turn.put("stream", false);
        turn.remove("tools");
        turn.remove("tool_choice");
        turn.put("parallel_tool_calls", false);
        JsonNode input = turn.get("input");
        ArrayNode items = input instanceof ArrayNode array ? array : turn.putArray("input");
        if (input != null && input.isTextual()) {
            items.addObject().put("type", "message").put("role", "user").put("content", input.asText());
        }
        ObjectNode ask = items.addObject().put("type", "message").put("role", "user");
        ask.putArray("content").addObject().put("type", "input_text").put("text", SUMMARY_REQUEST);
        return responses.decode(turn);
    }

    @Override
    public RoutingFacts routingFacts(ObjectNode body, Function<String, String> headers, int recentTurns) {
        return responses.routingFacts(body, headers, recentTurns);
    }

    /** The compacted history: one user message carrying the summary, as Codex's own local compaction leaves it. */
    @Override
    public byte[] encodeResponse(TurnResponse response, String model) {
        StringBuilder summary = new StringBuilder();
        for (Item item : response.output()) {
            if (item instanceof Message message) {
                for (ContentPart part : message.content()) {
                    if (part instanceof ContentPart.Text text) {
                        summary.append(text.text());
                    }
                }
            }
        }
        ObjectNode full = ResponsesResponseEncoder.encode(response);
        ObjectNode out = Json.object().put("id", full.path("id").asText()).put("object", "response.compaction")
                .put("created_at", full.path("created_at").asLong());
        ObjectNode message = out.putArray("output").addObject().put("type", "message").put("role", "user");
        message.putArray("content").addObject().put("type", "input_text")
                .put("text", SUMMARY_PREFIX + summary.toString().strip());
        out.set("usage", full.path("usage"));
        return Json.bytes(out);
    }

    @Override
    public ClientStream openStream(String model, ObjectNode requestBody, long inputTokens) {
        throw new RequestValidationException(new TurnError(400, "invalid_request_error", "unsupported_parameter",
                "stream is not supported by /v1/responses/compact", "stream", null));
    }

    @Override
    public byte[] errorBody(TurnError error) {
        return responses.errorBody(error);
    }
}
