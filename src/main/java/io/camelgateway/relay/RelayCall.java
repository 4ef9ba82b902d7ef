package io.camelgateway.relay;

import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.config.GatewaySettings;
import io.camelgateway.http.SseEvent;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.resilience.AttemptResult;
import io.camelgateway.resilience.ProviderTimeouts;
import io.camelgateway.resilience.RetryAfter;
import io.camelgateway.secrets.SecretRedactor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream call and its relay back to the client. Every callback runs on one event-loop context, so the state
 * below needs no locks; events from other threads (client closed, shutdown) hop onto that context first.
 * Decides nothing: the {@link TurnPlan} was fixed before the first byte. A failure before the first byte writes
 * nothing to the client: it is reported in {@link #done()} so the caller may retry or fall back.
 */
final class RelayCall {

    private static final Logger LOG = LoggerFactory.getLogger(RelayCall.class);
    /** Upstream status for an attempt the gateway itself ended (shutdown): neither retried nor held against the provider. */
    static final int ABORTED = -1;
    private static final byte[] KEEP_ALIVE_COMMENT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final TurnPlan plan;
    private final Vertx vertx;
    private final Context context;
    private final HttpClient http;
    private final ClientResponse client;
    private final GatewaySettings settings;
    private final ActiveStreams active;
    private final ProviderTimeouts timeouts;
    private final Map<String, String> attemptHeaders;
    private final CompletableFuture<AttemptResult> done = new CompletableFuture<>();

    private HttpClientRequest upstreamRequest;
    private long sentNanos;
    private boolean finished;
    private boolean terminalSeen;
    private long lastWriteNanos;
    private long keepAliveTimer = -1;
    private long totalTimer = -1;
    private long firstByteTimer = -1;
    private long idleTimer = -1;
    private long lastReadNanos;
    private SseParser parser;
    private TurnStreamAssembler assembler;
    private ProviderStreamTranslator translator;
    private Function<StreamEvent, List<byte[]>> encoder;

    RelayCall(TurnPlan plan, Vertx vertx, Context context, HttpClient http, ClientResponse client,
              GatewaySettings settings, ActiveStreams active, ProviderTimeouts timeouts,
              Map<String, String> attemptHeaders) {
        this.plan = plan;
        this.vertx = vertx;
        this.context = context;
        this.http = http;
        this.client = client;
        this.settings = settings;
        this.active = active;
        this.timeouts = timeouts;
        this.attemptHeaders = attemptHeaders;
    }

    CompletableFuture<AttemptResult> done() {
        return done;
    }

    void start() {
        context.runOnContext(v -> begin());
    }

    private void begin() {
        active.add(this);
        if (client.closed()) {
            clientGone();
            return;
        }
        client.onClose(() -> context.runOnContext(v -> clientGone()));
        totalTimer = vertx.setTimer(timeouts.totalMs(), id -> onUpstreamFailure(
                new TimeoutException("no complete answer within " + timeouts.totalMs() + " ms")));
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(plan.target().baseUrl() + plan.upstream().path())
                .setConnectTimeout(timeouts.connectMs());
        plan.upstream().headers().forEach(options::putHeader);
        http.request(options).onComplete(ar -> {
            if (ar.failed()) {
                onUpstreamFailure(ar.cause());
                return;
            }
            upstreamRequest = ar.result();
            if (finished) {
                upstreamRequest.reset();
                return;
            }
            sentNanos = System.nanoTime();
            firstByteTimer = vertx.setTimer(timeouts.firstByteMs(), id -> onUpstreamFailure(
                    new TimeoutException("no response within " + timeouts.firstByteMs() + " ms")));
            upstreamRequest.send(Buffer.buffer(plan.upstream().body())).onComplete(res -> {
                if (res.failed()) {
                    onUpstreamFailure(res.cause());
                } else {
                    onResponse(res.result());
                }
            });
        });
    }

    private void onResponse(HttpClientResponse response) {
        if (finished) {
            return;
        }
        cancelTimer(firstByteTimer);
        lastReadNanos = System.nanoTime();
        armIdleTimer(timeouts.idleMs());
        int status = response.statusCode();
        if (status >= 400) {
            readWhole(response, bytes -> failBeforeStart(mapUpstreamError(status, response, bytes), status,
                    RetryAfter.millis(response::getHeader)));
            return;
        }
        if (plan.stream()) {
            startStream(response);
        } else {
            readWhole(response, this::sendWhole);
        }
    }

    private void readWhole(HttpClientResponse response, java.util.function.Consumer<byte[]> then) {
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            lastReadNanos = System.nanoTime();
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(this::onUpstreamFailure);
        response.endHandler(v -> {
            if (!finished) {
                then.accept(body.getBytes());
            }
        });
    }

    /** Checks for upstream silence without re-arming a timer per chunk. */
    private void armIdleTimer(long delayMs) {
        idleTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
            if (finished) {
                return;
            }
            long silentMs = (System.nanoTime() - lastReadNanos) / 1_000_000L;
            if (silentMs >= timeouts.idleMs()) {
                onUpstreamFailure(new TimeoutException("no data from the provider for " + timeouts.idleMs() + " ms"));
            } else {
                armIdleTimer(timeouts.idleMs() - silentMs);
            }
        });
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private TurnError mapUpstreamError(int status, HttpClientResponse response, byte[] body) {
        LOG.warn("provider {} answered HTTP {}: {}", plan.target().provider(), status, UpstreamText.excerpt(body));
        Function<String, String> headers = response::getHeader;
        if (plan.passthrough()) {
            return OpenAiErrorBodies.map(plan.target().provider(), status, headers, body);
        }
        return plan.codec().mapError(status, headers, body, plan.context());
    }

    private void sendWhole(byte[] body) {
        byte[] out;
        if (plan.passthrough()) {
            out = body;
        } else {
            try {
                TurnResponse response = plan.codec().decodeResponse(body, plan.context());
                out = plan.api().encodeResponse(response, plan.target().upstreamModel());
            } catch (RuntimeException e) {
                LOG.warn("provider {} sent a response the gateway could not read: {}", plan.target().provider(),
                        e.toString());
                failBeforeStart(UpstreamErrors.fromStatus(plan.target().provider(), 502, "bad_response",
                        "the provider's response could not be read", null), 502, null);
                return;
            }
        }
        finished = true;
        client.sendJson(200, SecretRedactor.redact(out), gatewayHeaders(), () -> complete(AttemptResult.answered()));
    }

    private void startStream(HttpClientResponse response) {
        client.beginStream(gatewayHeaders());
        if (plan.passthrough()) {
            parser = new SseParser(this::relayPassthroughEvent);
        } else {
            encoder = plan.api().newStreamEncoder(plan.target().upstreamModel(), plan.clientBody());
            assembler = new TurnStreamAssembler(this::emit, plan.context().tools(), plan.target().upstreamModel());
            translator = plan.codec().newStreamTranslator(plan.context(), assembler);
            parser = new SseParser(translator::onEvent);
            assembler.start();
        }
        lastWriteNanos = System.nanoTime();
        long period = Math.max(50, settings.keepAliveMs() / 2);
        keepAliveTimer = vertx.setPeriodic(period, id -> keepAliveIfIdle());
        response.handler(buffer -> {
            if (finished) {
                return;
            }
            lastReadNanos = System.nanoTime();
            parser.feed(buffer.getBytes());
            if (client.writeQueueFull()) {
                response.pause();
                client.onDrain(() -> context.runOnContext(v -> response.resume()));
            }
        });
        response.exceptionHandler(this::onUpstreamFailure);
        response.endHandler(v -> endStream(null));
    }

    private void relayPassthroughEvent(SseEvent event) {
        if (plan.api().isTerminalEvent(event.data())) {
            terminalSeen = true;
        }
        String data = SecretRedactor.redact(event.data());
        StringBuilder frame = new StringBuilder(data.length() + 32);
        if (event.event() != null) {
            frame.append("event: ").append(event.event()).append('\n');
        }
        for (String line : data.split("\n", -1)) {
            frame.append("data: ").append(line).append('\n');
        }
        frame.append('\n');
        client.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        lastWriteNanos = System.nanoTime();
    }

    private void emit(StreamEvent event) {
        client.write(encoder.apply(event));
        lastWriteNanos = System.nanoTime();
    }

    private void keepAliveIfIdle() {
        if (finished || System.nanoTime() - lastWriteNanos < settings.keepAliveMs() * 1_000_000L) {
            return;
        }
        if (assembler != null) {
            assembler.keepAlive();
        } else {
            client.write(KEEP_ALIVE_COMMENT);
            lastWriteNanos = System.nanoTime();
        }
    }

    /** The upstream body ended ({@code failure} null) or broke; the client always gets a terminal event. */
    private void endStream(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        parser.end();
        TurnError cut = failure == null ? null : describe(failure);
        if (plan.passthrough()) {
            if (!terminalSeen) {
                cut = cut != null ? cut : streamCut();
                client.write(plan.api().passthroughStreamFailure(cut, plan.target().upstreamModel()));
            }
        } else {
            if (cut != null) {
                assembler.fail(cut);
            } else {
                translator.onEnd();
            }
            if (!assembler.isTerminated()) {
                cut = streamCut();
                assembler.fail(cut);
            }
        }
        AttemptResult result = cut == null ? AttemptResult.answered() : AttemptResult.afterStart(cut);
        client.end(() -> complete(result));
    }

    private TurnError streamCut() {
        return UpstreamErrors.streamInterrupted(plan.target().provider());
    }

    private void onUpstreamFailure(Throwable failure) {
        if (finished) {
            return;
        }
        if (parser != null) {
            endStream(failure);
            if (upstreamRequest != null) {
                upstreamRequest.reset();
            }
            return;
        }
        // finish first: the reset fails the pending response future, which must not be reported as the cause
        failBeforeStart(describe(failure), 0, null);
        if (upstreamRequest != null) {
            upstreamRequest.reset();
        }
    }

    private TurnError describe(Throwable failure) {
        return UpstreamFailures.describe(plan.target(), failure, lastReadNanos != 0, timeouts.connectMs());
    }

    /** Nothing reached the client: report the failure and leave the answer to the caller. */
    private void failBeforeStart(TurnError error, int upstreamStatus, Long retryAfterMs) {
        if (finished && client.started()) {
            return;
        }
        finished = true;
        if (client.started()) {
            client.end(() -> complete(AttemptResult.afterStart(error)));
            return;
        }
        complete(AttemptResult.beforeStart(error, upstreamStatus, retryAfterMs));
    }

    private void clientGone() {
        if (upstreamRequest != null && !done.isDone()) {
            upstreamRequest.reset();
        }
        finished = true;
        client.abandon();
        complete(AttemptResult.clientGone());
    }

    /** Called from the shutdown thread once the drain time is over. */
    void abortForShutdown() {
        context.runOnContext(v -> {
            if (done.isDone()) {
                return;
            }
            TurnError error = new TurnError(503, "server_error", "server_shutting_down",
                    "The gateway is restarting; retry the request.", null, 1L);
            if (assembler != null && !finished) {
                finished = true;
                assembler.fail(error);
                client.end(() -> complete(AttemptResult.afterStart(error)));
            } else if (parser != null && !finished) {
                finished = true;
                client.write(plan.api().passthroughStreamFailure(error, plan.target().upstreamModel()));
                client.end(() -> complete(AttemptResult.afterStart(error)));
            } else {
                failBeforeStart(error, ABORTED, null);
            }
            if (upstreamRequest != null) {
                upstreamRequest.reset();
            }
        });
    }

    private Map<String, String> gatewayHeaders() {
        Map<String, String> headers = new LinkedHashMap<>(plan.responseHeaders());
        headers.putAll(attemptHeaders);
        headers.put("x-gateway-provider", plan.target().provider());
        headers.put("x-gateway-model", plan.target().upstreamModel());
        if (plan.context() != null && !plan.context().droppedTools().isEmpty()) {
            headers.put("x-gateway-dropped-tools", String.join(",", plan.context().droppedTools()));
        }
        if (sentNanos > 0) {
            double overheadMs = (sentNanos - plan.startNanos()) / 1_000_000.0;
            headers.put("x-gateway-overhead-ms", String.format(java.util.Locale.ROOT, "%.3f", overheadMs));
        }
        return headers;
    }

    private void complete(AttemptResult result) {
        cancelTimer(keepAliveTimer);
        cancelTimer(totalTimer);
        cancelTimer(firstByteTimer);
        cancelTimer(idleTimer);
        active.remove(this);
        done.complete(result);
    }
}
