package io.camelgateway.api.messages;

import io.camelgateway.api.ClientStream;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Messages stream. An early commit sends only an SSE comment, so whatever answers later (a translated stream or
 * Anthropic's own, relayed) sends the one {@code message_start}; a failure ends the stream with an {@code error}
 * event, which Claude Code retries when it is an {@code overloaded_error}.
 */
final class MessagesClientStream implements ClientStream {

    private static final byte[] WAITING_COMMENT = ": waiting for the provider\n\n".getBytes(StandardCharsets.US_ASCII);

    private final MessagesStreamEncoder encoder;
    private final String responseId = Ids.next("resp_");
    private final long createdAt = System.currentTimeMillis() / 1000;

    MessagesClientStream(String model, long inputTokens) {
        this.encoder = new MessagesStreamEncoder(model, inputTokens);
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
        return bytes(encoder.encode(event));
    }

    @Override
    public List<byte[]> commit(String model) {
        return List.of(WAITING_COMMENT);
    }

    @Override
    public boolean commitAnnouncedStart() {
        return false;
    }

    @Override
    public List<byte[]> keepAlive() {
        return bytes(encoder.keepAlive());
    }

    @Override
    public List<byte[]> failCommitted(TurnError error) {
        return bytes(encoder.fail(error));
    }

    @Override
    public String relayed(String eventName, String data) {
        return data;
    }

    @Override
    public boolean isTerminal(String eventName, String data) {
        if ("message_stop".equals(eventName) || "error".equals(eventName)) {
            return true;
        }
        return eventName == null && (data.contains("\"message_stop\"") || data.contains("\"type\":\"error\""));
    }

    @Override
    public List<byte[]> relayFailure(TurnError error, String model) {
        return bytes(encoder.fail(error));
    }

    private static List<byte[]> bytes(List<String> frames) {
        List<byte[]> out = new ArrayList<>(frames.size());
        for (String frame : frames) {
            out.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
