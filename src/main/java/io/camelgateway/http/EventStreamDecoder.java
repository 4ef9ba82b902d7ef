package io.camelgateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

/**
 * Incremental decoder for {@code application/vnd.amazon.eventstream} bodies: frames split across reads are joined,
 * both checksums of every frame are checked, and each frame becomes one {@link SseEvent} as soon as it is whole:
 * <ul>
 *   <li>{@code :message-type event}: named by {@code :event-type}, the payload (JSON) as data;</li>
 *   <li>{@code :message-type exception}: named by {@code :exception-type}, the payload as data;</li>
 *   <li>{@code :message-type error}: named by {@code :error-code}, data {@code {"message": :error-message}}.</li>
 * </ul>
 */
public final class EventStreamDecoder implements StreamDecoder {

    private final Consumer<SseEvent> handler;
    private final MessageDecoder frames;

    public EventStreamDecoder(Consumer<SseEvent> handler) {
        this.handler = handler;
        this.frames = new MessageDecoder(this::dispatch);
    }

    @Override
    public void feed(byte[] bytes) {
        try {
            frames.feed(bytes);
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            throw new MalformedStreamException("the event stream has a malformed frame (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void end() {
        // a frame cut short never carries a whole event; the stream's reader reports the cut
    }

    private void dispatch(Message frame) {
        Map<String, HeaderValue> headers = frame.getHeaders();
        String type = text(headers, ":message-type");
        String payload = new String(frame.getPayload(), StandardCharsets.UTF_8);
        if ("exception".equals(type)) {
            handler.accept(new SseEvent(text(headers, ":exception-type"), payload));
        } else if ("error".equals(type)) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("message", text(headers, ":error-message"));
            String code = text(headers, ":error-code");
            handler.accept(new SseEvent(code == null ? "error" : code, data.toString()));
        } else {
            handler.accept(new SseEvent(text(headers, ":event-type"), payload));
        }
    }

    private static String text(Map<String, HeaderValue> headers, String name) {
        HeaderValue value = headers.get(name);
        if (value == null) {
            return null;
        }
        try {
            return value.getString();
        } catch (RuntimeException notText) {
            return String.valueOf(value);
        }
    }
}
