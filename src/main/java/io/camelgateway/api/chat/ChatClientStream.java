package io.camelgateway.api.chat;

import io.camelgateway.api.ErrorBodies;
import io.camelgateway.api.TurnClientStream;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Chat Completions stream. An early commit sends only an SSE comment (the role chunk comes with the answer), so
 * whatever answers later starts the chunks itself; every stream ends with {@code data: [DONE]}.
 */
final class ChatClientStream extends TurnClientStream {

    private static final byte[] WAITING_COMMENT = ": waiting for the provider\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean includeUsage;
    private ChatStreamEncoder encoder;
    private boolean committed;

    ChatClientStream(String model, boolean includeUsage) {
        super(model);
        this.includeUsage = includeUsage;
        this.encoder = new ChatStreamEncoder(model, includeUsage);
    }

    @Override
    public List<byte[]> encode(StreamEvent event) {
        if (event instanceof StreamEvent.Created created && !committed && created.response().model() != null) {
            // an answer starting a fresh stream names its own model (a fallback's, when one answered)
            encoder = new ChatStreamEncoder(created.response().model(), includeUsage);
        }
        return utf8(encoder.encode(event));
    }

    @Override
    public List<byte[]> commit(String firstModel) {
        committed = true;
        commitModel(firstModel);
        return List.of(WAITING_COMMENT);
    }

    @Override
    public boolean commitAnnouncedStart() {
        return false;
    }

    @Override
    public String relayed(String eventName, String data) {
        return data;
    }

    @Override
    public boolean isTerminal(String eventName, String data) {
        return "[DONE]".equals(data.trim());
    }

    @Override
    public List<byte[]> relayFailure(TurnError error, String answeringModel) {
        byte[] chunk = ("data: " + Json.text(ErrorBodies.json(error)) + "\n\n").getBytes(StandardCharsets.UTF_8);
        return List.of(chunk, DONE);
    }
}
