package io.camelgateway.api.messages;

import io.camelgateway.api.TurnClientStream;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A Messages stream. An early commit sends only an SSE comment, so whatever answers later (a translated stream or
 * Anthropic's own, relayed) sends the one {@code message_start}; a failure ends the stream with an {@code error}
 * event, which Claude Code retries when it is an {@code overloaded_error}.
 */
final class MessagesClientStream extends TurnClientStream {

    private static final byte[] WAITING_COMMENT = ": waiting for the provider\n\n".getBytes(StandardCharsets.US_ASCII);

    private final MessagesStreamEncoder encoder;

    MessagesClientStream(String model, long inputTokens) {
        super(model);
        this.encoder = new MessagesStreamEncoder(model, inputTokens);
    }

    @Override
    public List<byte[]> encode(StreamEvent event) {
        return utf8(encoder.encode(event));
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
        return utf8(encoder.keepAlive());
    }

    @Override
    public List<byte[]> failCommitted(TurnError error) {
        return utf8(encoder.fail(error));
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
        return utf8(encoder.fail(error));
    }
}
