package io.camelgateway.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/** A {@link TraceStep} backed by an INTERNAL span. */
final class SpanStep implements TraceStep {

    private final Span span;

    SpanStep(Span span) {
        this.span = span;
    }

    @Override
    public TraceStep attribute(String key, String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    @Override
    public TraceStep attribute(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public void failed(Throwable failure) {
        span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
        span.setAttribute("error.type", failure.getClass().getName());
    }

    @Override
    public void close() {
        span.end(); // the SDK ignores a second end
    }
}
