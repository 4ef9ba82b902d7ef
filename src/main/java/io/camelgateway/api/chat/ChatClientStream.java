package io.camelgateway.api.chat;

import io.camelgateway.api.ClientStream;
import io.camelgateway.api.ErrorBodies;
import io.camelgateway.api.InBandErrors;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Chat Completions stream. An early commit sends only an SSE comment (the role chunk comes with the answer), so
 * whatever answers later starts the chunks itself; every stream ends with {@code data: [DONE]}.
 */
final class ChatClientStream implements ClientStream {

    private static final byte[] WAITING_COMMENT = ": waiting for the provider\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final boolean includeUsage;
    private ChatStreamEncoder encoder;
    private boolean committed;
    private final String responseId = Ids.next("resp_");
    private final long createdAt = System.currentTimeMillis() / 1000;
    private String model;

    ChatClientStream(String model, boolean includeUsage) {
        this.model = model;
        this.includeUsage = includeUsage;
        this.encoder = new ChatStreamEncoder(model, includeUsage);
    }

    @Override
    public String responseId() {
        return responseId;
    }

    @Override
    public long createdAt() {
        return createdAt;
    }

    @Override
    public List<byte[]> encode(StreamEvent event) {
        if (event instanceof StreamEvent.Created created && !committed && created.response().model() != null) {
            // an answer starting a fresh stream names its own model (a fallback's, when one answered)
            encoder = new ChatStreamEncoder(created.response().model(), includeUsage);
        }
        List<String> frames = encoder.encode(event);
        List<byte[]> out = new ArrayList<>(frames.size());
        for (String frame : frames) {
            out.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public List<byte[]> commit(String firstModel) {
        committed = true;
        model = firstModel;
        return List.of(WAITING_COMMENT);
    }

    @Override
    public boolean commitAnnouncedStart() {
        return false;
    }

    @Override
    public List<byte[]> keepAlive() {
        return encode(new StreamEvent.KeepAlive(head(null)));
    }

    @Override
    public List<byte[]> failCommitted(TurnError error) {
        return encode(new StreamEvent.Failed(head(InBandErrors.forStream(error))));
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

    private TurnResponse head(TurnError error) {
        return new TurnResponse(responseId, model, createdAt, List.of(), null, null, error);
    }
}
