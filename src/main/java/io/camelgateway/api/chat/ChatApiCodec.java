package io.camelgateway.api.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ErrorBodies;
import io.camelgateway.api.RequestFields;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** OpenAI Chat Completions ({@code POST /v1/chat/completions}) for Aider, Continue, the openai SDKs and curl. */
public final class ChatApiCodec implements ClientApiCodec {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ChatRequestDecoder decoder = new ChatRequestDecoder();
    private final ChatResponseEncoder encoder = new ChatResponseEncoder();

    @Override
    public String name() {
        return "chat";
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
    public byte[] encodeResponse(TurnResponse response, String model) {
        return Json.bytes(encoder.encode(response, model));
    }

    @Override
    public Function<StreamEvent, List<byte[]>> newStreamEncoder(String model, ObjectNode requestBody) {
        ChatStreamEncoder stream = new ChatStreamEncoder(model,
                requestBody != null && ChatRequestDecoder.includeUsage(requestBody));
        return event -> {
            List<String> frames = stream.encode(event);
            List<byte[]> out = new ArrayList<>(frames.size());
            for (String frame : frames) {
                out.add(frame.getBytes(StandardCharsets.UTF_8));
            }
            return out;
        };
    }

    @Override
    public List<byte[]> passthroughStreamFailure(TurnError error, String model) {
        byte[] chunk = ("data: " + Json.text(ErrorBodies.json(error)) + "\n\n").getBytes(StandardCharsets.UTF_8);
        return List.of(chunk, DONE);
    }

    @Override
    public boolean isTerminalEvent(String data) {
        return "[DONE]".equals(data.trim());
    }
}
