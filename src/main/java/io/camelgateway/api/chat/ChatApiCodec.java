package io.camelgateway.api.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientStream;
import io.camelgateway.api.ErrorBodies;
import io.camelgateway.api.RequestFields;
import io.camelgateway.api.RoutingFacts;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/** OpenAI Chat Completions ({@code POST /v1/chat/completions}) for Aider, Continue, the openai SDKs and curl. */
public final class ChatApiCodec implements ClientApiCodec {

    public static final String WIRE = "openai-chat";

    private final ChatRequestDecoder decoder = new ChatRequestDecoder();
    private final ChatResponseEncoder encoder = new ChatResponseEncoder();

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String path() {
        return "/v1/chat/completions";
    }

    @Override
    public String wire() {
        return WIRE;
    }

    /** Checks the types of every field any route reads or forwards (see {@link ChatRequestRules}). */
    @Override
    public String validateAndGetModel(ObjectNode body) {
        String model = RequestFields.requireModel(body);
        ChatRequestRules.check(body);
        return model;
    }

    @Override
    public TurnRequest decode(ObjectNode body) {
        return decoder.decode(body);
    }

    @Override
    public RoutingFacts routingFacts(ObjectNode body, Function<String, String> headers, int recentTurns) {
        return new RoutingFacts(null, body.get("messages"), body.get("tools"), recentTools(body, recentTurns),
                body.path("reasoning_effort").asText(""), null);
    }

    /** Tool names in the last {@code turns} assistant messages (each assistant message is one model turn). */
    static Set<String> recentTools(ObjectNode body, int turns) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return names;
        }
        int seen = 0;
        for (int i = messages.size() - 1; i >= 0 && seen < turns; i--) {
            JsonNode message = messages.get(i);
            if (!"assistant".equals(message.path("role").asText())) {
                continue;
            }
            seen++;
            if (message.hasNonNull("name")) {
                names.add(message.get("name").asText());
            }
            for (JsonNode call : message.path("tool_calls")) {
                names.add(call.path("function").path("name").asText());
            }
        }
        return names;
    }

    @Override
    public byte[] encodeResponse(TurnResponse response, String model) {
        return Json.bytes(encoder.encode(response, model));
    }

    @Override
    public ClientStream openStream(String model, ObjectNode requestBody, long inputTokens) {
        return new ChatClientStream(model, requestBody != null && ChatRequestDecoder.includeUsage(requestBody));
    }

    @Override
    public byte[] errorBody(TurnError error) {
        return ErrorBodies.bytes(error);
    }
}
