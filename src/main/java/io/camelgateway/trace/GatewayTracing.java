package io.camelgateway.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The gateway's traces, one per request: a SERVER span started by the entry (continuing the client's W3C
 * {@code traceparent}), child spans for the steps, a CLIENT span per upstream attempt. Any code on the request path
 * may add a step with {@code GatewayTracing.step(exchange, "gateway.cache.lookup")} (try-with-resources). With
 * tracing off every call returns a shared no-op at the cost of one field read.
 */
public final class GatewayTracing {

    /** The exchange property holding the request's {@link TurnTrace}. */
    static final String PROPERTY = "gatewayTrace";
    static final String INSTRUMENTATION = "io.camelgateway";

    /** Null while tracing is off. */
    private static volatile Tracing tracing;
    private static final ThreadLocal<TurnTrace> OBSERVING = new ThreadLocal<>();

    record Tracing(OpenTelemetry openTelemetry, Tracer tracer, TextMapPropagator propagator, boolean captureContent) {
    }

    private GatewayTracing() {
    }

    static void install(OpenTelemetry openTelemetry, boolean captureContent) {
        tracing = new Tracing(openTelemetry, openTelemetry.getTracer(INSTRUMENTATION),
                openTelemetry.getPropagators().getTextMapPropagator(), captureContent);
    }

    static void uninstall() {
        Tracing previous = tracing;
        tracing = null;
        if (previous != null && previous.openTelemetry() instanceof java.io.Closeable sdk) {
            try {
                sdk.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // a previous context's exporter: nothing left to do with it
            }
        }
    }

    public static boolean on() {
        return tracing != null;
    }

    /**
     * Starts the request's SERVER span (once per exchange) and ends it when the exchange is done, whatever happened
     * before the relay; returns the request's trace, or {@link TurnTrace#OFF}.
     */
    public static TurnTrace startRequest(Exchange exchange) {
        Tracing current = tracing;
        if (current == null) {
            return TurnTrace.OFF;
        }
        TurnTrace existing = exchange.getProperty(PROPERTY, TurnTrace.class);
        if (existing != null) {
            return existing;
        }
        SpanTurnTrace trace = SpanTurnTrace.start(current, exchange);
        exchange.setProperty(PROPERTY, trace);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange finished) {
                trace.end(finished);
            }
        });
        return trace;
    }

    /** The request's trace, or {@link TurnTrace#OFF}. */
    public static TurnTrace of(Exchange exchange) {
        if (tracing == null) {
            return TurnTrace.OFF;
        }
        TurnTrace trace = exchange.getProperty(PROPERTY, TurnTrace.class);
        return trace == null ? TurnTrace.OFF : trace;
    }

    /** A child step of the request's span, to be closed by the caller (try-with-resources). */
    public static TraceStep step(Exchange exchange, String name) {
        return tracing == null ? TraceStep.NOOP : of(exchange).step(name);
    }

    /**
     * While the returned scope is open on this thread, the {@link TracingObserver} adds what the turn observers are
     * told (the priced turn) to this exchange's trace.
     */
    public static Observing observing(Exchange exchange) {
        if (tracing == null) {
            return Observing.NONE;
        }
        TurnTrace trace = of(exchange);
        if (trace == TurnTrace.OFF) {
            return Observing.NONE;
        }
        OBSERVING.set(trace);
        return OBSERVING::remove;
    }

    static TurnTrace observed() {
        TurnTrace trace = OBSERVING.get();
        return trace == null ? TurnTrace.OFF : trace;
    }

    /** A scope that throws nothing on close. */
    @FunctionalInterface
    public interface Observing extends AutoCloseable {

        Observing NONE = () -> { };

        @Override
        void close();
    }
}
