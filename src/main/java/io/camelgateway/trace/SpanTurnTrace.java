package io.camelgateway.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.ledger.LedgerRow;
import io.camelgateway.ledger.TurnSummary;
import io.camelgateway.observe.ObservedTurn;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** A request's trace while tracing is on: the SERVER span and what its children need. */
final class SpanTurnTrace implements TurnTrace {

    private static final AttributeKey<Double> TTFT = AttributeKey.doubleKey(GenAi.TIME_TO_FIRST_TOKEN_MS);

    /** Reads {@code traceparent}/{@code tracestate} from the client's request headers (case-insensitive). */
    private static final TextMapGetter<Message> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Message message) {
            return message.getHeaders().keySet();
        }

        @Override
        public String get(Message message, String key) {
            return message == null ? null : message.getHeader(key, String.class);
        }
    };

    private final GatewayTracing.Tracing tracing;
    private final Span server;
    private final Context context;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean firstToken = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile Span routing;

    private SpanTurnTrace(GatewayTracing.Tracing tracing, Span server, Context context) {
        this.tracing = tracing;
        this.server = server;
        this.context = context;
    }

    static SpanTurnTrace start(GatewayTracing.Tracing tracing, Exchange exchange) {
        Message message = exchange.getMessage();
        Context parent = tracing.propagator().extract(Context.root(), message, HEADERS);
        String path = message.getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || path.isEmpty()) {
            path = exchange.getFromRouteId();
        }
        Span server = tracing.tracer().spanBuilder("POST " + path).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute("http.request.method", "POST")
                .setAttribute("http.route", path)
                .setAttribute("url.path", path)
                .setAttribute(GenAi.OPERATION, "chat")
                .startSpan();
        return new SpanTurnTrace(tracing, server, parent.with(server));
    }

    boolean capturesContent() {
        return tracing.captureContent();
    }

    Context context() {
        return context;
    }

    GatewayTracing.Tracing tracing() {
        return tracing;
    }

    @Override
    public TraceStep step(String name) {
        return new SpanStep(child(name));
    }

    private Span child(String name) {
        return tracing.tracer().spanBuilder(name).setParent(context).setSpanKind(SpanKind.INTERNAL).startSpan();
    }

    @Override
    public void decoded(ObjectNode body, String model) {
        server.setAttribute(GenAi.REQUEST_MODEL, model);
        JsonNode maxTokens = GenAi.maxTokens(body);
        if (maxTokens != null) {
            server.setAttribute(GenAi.MAX_TOKENS, maxTokens.asLong());
        }
        if (body.path("temperature").isNumber()) {
            server.setAttribute(GenAi.TEMPERATURE, body.get("temperature").asDouble());
        }
        if (body.path("top_p").isNumber()) {
            server.setAttribute(GenAi.TOP_P, body.get("top_p").asDouble());
        }
        server.setAttribute("gateway.stream", body.path("stream").asBoolean(false));
        if (!tracing.captureContent()) {
            return;
        }
        JsonNode messages = GenAi.inputMessages(body);
        if (messages != null) {
            server.setAttribute(GenAi.INPUT_MESSAGES, GenAi.bounded(messages.toString()));
        }
        JsonNode system = GenAi.systemInstructions(body);
        if (system != null) {
            server.setAttribute(GenAi.SYSTEM_INSTRUCTIONS,
                    GenAi.bounded(system.isTextual() ? system.asText() : system.toString()));
        }
    }

    @Override
    public void routingStarted() {
        routing = child("gateway.route");
    }

    @Override
    public void routeDecided(String rule, String model) {
        Span span = routing != null ? routing : child("gateway.route");
        routing = null;
        span.setAttribute(GenAi.ROUTE_RULE, rule);
        if (model != null) {
            span.setAttribute("gateway.route.model", model);
        }
        span.end();
        server.setAttribute(GenAi.ROUTE_RULE, rule);
    }

    @Override
    public AttemptTrace attempt(String provider, String upstreamModel, String url, int fallbackPosition,
                                String retryReason) {
        var builder = tracing.tracer().spanBuilder("chat " + upstreamModel).setSpanKind(SpanKind.CLIENT)
                .setParent(context)
                .setAttribute(GenAi.OPERATION, "chat")
                .setAttribute(GenAi.PROVIDER, GenAi.providerName(provider))
                .setAttribute(GenAi.PROVIDER_NAME, provider)
                .setAttribute(GenAi.REQUEST_MODEL, upstreamModel)
                .setAttribute("http.request.method", "POST")
                .setAttribute("gateway.attempt", attempts.incrementAndGet())
                .setAttribute("gateway.fallback.position", fallbackPosition);
        if (retryReason != null) {
            builder.setAttribute("gateway.attempt.reason", retryReason);
        }
        try {
            URI uri = URI.create(url); // host and port only: a query may carry a key
            if (uri.getHost() != null) {
                builder.setAttribute("server.address", uri.getHost());
                builder.setAttribute("server.port", uri.getPort() > 0 ? uri.getPort()
                        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            }
        } catch (IllegalArgumentException ignored) {
            // no address then
        }
        return new SpanAttempt(this, builder.startSpan());
    }

    /** The request's first relayed token: an event on the server span, once. */
    void firstToken() {
        if (firstToken.compareAndSet(false, true)) {
            server.addEvent(GenAi.FIRST_TOKEN_EVENT,
                    Attributes.of(TTFT, (System.nanoTime() - startNanos) / 1_000_000.0));
        }
    }

    @Override
    public void observed(ObservedTurn turn) {
        if (turn.route() != null) {
            server.setAttribute(GenAi.ROUTE_RULE, turn.route());
        }
        setIfPresent(GenAi.CACHE, turn.cache());
        setIfPresent(GenAi.KEY_ID, turn.caller().keyId());
        setIfPresent(GenAi.TEAM, turn.caller().team());
        setIfPresent(GenAi.CODEX_SESSION, turn.codex().sessionId());
        setIfPresent(GenAi.CODEX_THREAD, turn.codex().threadId());
        setIfPresent(GenAi.CODEX_TURN, turn.codex().turnId());
        setIfPresent("error.type", turn.errorCode());
        if (turn.overheadMs() != null) {
            server.setAttribute("gateway.overhead_ms", turn.overheadMs());
        }
        if (turn.entry() == null) {
            return;
        }
        TurnSummary summary = turn.entry().turn();
        LedgerRow last = summary.last();
        server.setAttribute(GenAi.PROVIDER, GenAi.providerName(last.provider()));
        server.setAttribute(GenAi.PROVIDER_NAME, last.provider());
        server.setAttribute(GenAi.RESPONSE_MODEL, last.upstreamModel());
        GenAi.usage(server, summary.usage());
        server.setAttribute(GenAi.USAGE_ESTIMATED, summary.usageEstimated());
        server.setAttribute("gateway.attempts", summary.attempts());
        if (summary.cost() != null) {
            server.setAttribute(GenAi.COST_USD, summary.cost().doubleValue());
        }
        boolean completed = !"aborted".equals(last.terminalEvent()) && !"failed".equals(last.terminalEvent());
        server.setAttribute(AttributeKey.stringArrayKey(GenAi.FINISH_REASONS), List.of(
                GenAi.finishReason(last.terminalEvent(), last.toolCalls(), completed, last.errorCode())));
        if (!last.toolCalls().isEmpty()) {
            server.setAttribute(AttributeKey.stringArrayKey(GenAi.TOOL_CALLS), last.toolCalls());
        }
    }

    private void setIfPresent(String key, String value) {
        if (value != null) {
            server.setAttribute(key, value);
        }
    }

    /** The exchange is done (answered, failed or abandoned): the server span ends, whatever ran before. */
    void end(Exchange exchange) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Span open = routing;
        if (open != null) {
            open.setStatus(StatusCode.ERROR, "no model chosen");
            open.end();
        }
        int status = status(exchange);
        server.setAttribute("http.response.status_code", status);
        setIfPresent(GenAi.KEY_ID, exchange.getProperty(ExchangeKeys.KEY_ID, String.class));
        setIfPresent(GenAi.TEAM, exchange.getProperty(ExchangeKeys.KEY_TEAM, String.class));
        setIfPresent(GenAi.CACHE, exchange.getProperty(ExchangeKeys.CACHE, String.class));
        String route = exchange.getProperty(ExchangeKeys.ROUTE, String.class);
        if (route == null && Boolean.FALSE.equals(exchange.getProperty(ExchangeKeys.ROUTED, Boolean.class))) {
            route = "direct";
        }
        setIfPresent(GenAi.ROUTE_RULE, route);
        if (status >= 400) {
            String code = errorCode(exchange);
            server.setAttribute("error.type", code != null ? code : Integer.toString(status));
        }
        if (status >= 500) {
            server.setStatus(StatusCode.ERROR);
        }
        server.end();
    }

    private static int status(Exchange exchange) {
        Integer told = exchange.getProperty(ExchangeKeys.CLIENT_STATUS, Integer.class);
        if (told != null) {
            return told;
        }
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (code != null) {
            return code;
        }
        if (exchange.getIn() instanceof HttpMessage http && http.getResponse().headWritten()) {
            return http.getResponse().getStatusCode();
        }
        return exchange.getException() != null ? 500 : 200;
    }

    private static String errorCode(Exchange exchange) {
        String told = exchange.getProperty(ExchangeKeys.CLIENT_ERROR_CODE, String.class);
        if (told != null) {
            return told;
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof GatewayException known) {
                return known.error().code();
            }
        }
        return null;
    }
}
