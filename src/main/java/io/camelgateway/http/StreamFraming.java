package io.camelgateway.http;

import java.util.function.Consumer;

/** How an upstream stream body is framed; each framing's decoder hands on {@link SseEvent}s. */
public enum StreamFraming {

    /** {@code text/event-stream}. */
    SSE,
    /**
     * {@code application/vnd.amazon.eventstream}: binary frames with headers and a JSON payload, each frame one
     * event named by its {@code :event-type} (or {@code :exception-type}) header.
     */
    AWS_EVENTSTREAM;

    public StreamDecoder decoder(Consumer<SseEvent> handler) {
        return this == AWS_EVENTSTREAM ? new EventStreamDecoder(handler) : new SseParser(handler);
    }
}
