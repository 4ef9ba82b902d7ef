package io.camelgateway.trace;

import io.camelgateway.usage.AttemptReport;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The CLIENT span of one upstream attempt, written by hand around the Vert.x client call; {@link #NOOP} when
 * tracing is off. Called on the attempt's event loop, ended by the worker that waited for it.
 */
public interface AttemptTrace {

    AttemptTrace NOOP = new AttemptTrace() { };

    /** False for {@link #NOOP}: callers skip building arguments (a header callback, an id) for nothing. */
    default boolean recording() {
        return false;
    }

    /** Adds {@code traceparent} (and {@code tracestate}) naming this span to the upstream request's headers; nothing else. */
    default void inject(BiConsumer<String, String> headers) {
    }

    /** The provider's stream begins to be relayed to the client (a child span until {@link #streamEnded}). */
    default void streamStarted(String responseId) {
    }

    /** Frames relayed to the client: the first one is the time-to-first-token event. */
    default void relayed(List<byte[]> frames) {
    }

    /** The stream relay is over ({@code errorCode} null when it ended with the provider's terminal event). */
    default void streamEnded(String errorCode) {
    }

    /** A whole (non-streamed) answer went to the client. */
    default void answered(byte[] body) {
    }

    /** Ends the attempt's span with its outcome and usage; a second call does nothing. */
    default void end(AttemptReport report) {
    }
}
