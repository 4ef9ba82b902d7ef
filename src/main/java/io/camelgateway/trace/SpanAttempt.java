package io.camelgateway.trace;

import io.camelgateway.usage.AttemptReport;
import io.camelgateway.usage.StreamFacts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/** The CLIENT span of one upstream attempt, with its stream-relay child span. */
final class SpanAttempt implements AttemptTrace {

    private static final AttributeKey<Double> TTFT = AttributeKey.doubleKey(GenAi.TIME_TO_FIRST_TOKEN_MS);
    private static final TextMapSetter<BiConsumer<String, String>> HEADERS = (headers, key, value) -> {
        if (headers != null) {
            headers.accept(key, value);
        }
    };

    private final SpanTurnTrace turn;
    private final Span span;
    private final Context context;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Span stream;
    /** Touched on the attempt's event loop only. */
    private boolean relayedAny;
    private StringBuilder completion;

    SpanAttempt(SpanTurnTrace turn, Span span) {
        this.turn = turn;
        this.span = span;
        this.context = turn.context().with(span);
    }

    @Override
    public boolean recording() {
        return true;
    }

    @Override
    public void inject(BiConsumer<String, String> headers) {
        // the W3C trace context only: a client's baggage is not handed on to a model vendor
        W3CTraceContextPropagator.getInstance().inject(context, headers, HEADERS);
    }

    @Override
    public void streamStarted(String responseId) {
        if (responseId != null) {
            span.setAttribute(GenAi.RESPONSE_ID, responseId);
        }
        stream = turn.tracing().tracer().spanBuilder("gateway.stream").setSpanKind(SpanKind.INTERNAL)
                .setParent(context).startSpan();
    }

    @Override
    public void relayed(List<byte[]> frames) {
        if (!relayedAny) {
            relayedAny = true;
            span.addEvent(GenAi.FIRST_TOKEN_EVENT, Attributes.of(TTFT, (System.nanoTime() - startNanos) / 1_000_000.0));
            turn.firstToken();
        }
        if (turn.capturesContent()) {
            for (byte[] frame : frames) {
                capture(frame);
            }
        }
    }

    @Override
    public void answered(byte[] body) {
        if (turn.capturesContent()) {
            capture(body);
        }
    }

    private void capture(byte[] bytes) {
        if (completion == null) {
            completion = new StringBuilder();
        }
        if (completion.length() < GenAi.MAX_CONTENT_CHARS) {
            completion.append(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void streamEnded(String errorCode) {
        Span relay = stream;
        stream = null;
        if (relay == null) {
            return;
        }
        if (errorCode != null) {
            relay.setStatus(StatusCode.ERROR, errorCode);
            relay.setAttribute("error.type", errorCode);
        }
        relay.end();
    }

    @Override
    public void end(AttemptReport report) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        streamEnded(report.errorCode());
        if (report.status() > 0) {
            span.setAttribute("http.response.status_code", report.status());
        }
        span.setAttribute(GenAi.RESPONSE_MODEL, report.upstreamModel());
        if (report.usage() != null) {
            GenAi.usage(span, report.usage().usage());
            span.setAttribute(GenAi.USAGE_ESTIMATED, report.usage().estimated());
        }
        StreamFacts facts = report.facts();
        List<String> tools = facts == null ? List.of() : facts.toolCalls();
        span.setAttribute(AttributeKey.stringArrayKey(GenAi.FINISH_REASONS), List.of(GenAi.finishReason(
                facts == null ? null : facts.terminalEvent(), tools, report.completed(), report.errorCode())));
        if (!tools.isEmpty()) {
            span.setAttribute(AttributeKey.stringArrayKey(GenAi.TOOL_CALLS), tools);
        }
        if (report.timeToFirstByteMs() != null) {
            span.setAttribute("gateway.time_to_first_byte_ms", report.timeToFirstByteMs());
        }
        StringBuilder captured = completion;
        if (captured != null) {
            span.setAttribute(GenAi.COMPLETION, GenAi.bounded(captured.toString()));
        }
        if (report.errorCode() != null) {
            span.setAttribute("error.type", report.errorCode());
            span.setStatus(StatusCode.ERROR, report.errorCode());
        }
        span.end();
    }
}
