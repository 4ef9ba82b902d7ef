package io.camelgateway.trace;

/** One step of a request's trace (decode, token count, cache lookup…); {@link #NOOP} when tracing is off. */
public interface TraceStep extends AutoCloseable {

    TraceStep NOOP = new TraceStep() { };

    default TraceStep attribute(String key, String value) {
        return this;
    }

    default TraceStep attribute(String key, long value) {
        return this;
    }

    /** The step failed (the span ends with status error when closed). */
    default void failed(Throwable failure) {
    }

    /** Ends the step's span; a second call does nothing. */
    @Override
    default void close() {
    }
}
