package io.camelgateway.relay;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.AnswerCapture;
import java.util.function.BiConsumer;
import io.camelgateway.settings.GatewaySettings;
import io.camelgateway.http.MalformedStreamException;
import io.camelgateway.http.StreamDecoder;
import io.camelgateway.http.UpstreamHttp;
import io.camelgateway.provider.CallStream;
import io.camelgateway.usage.AttemptReport;
import io.camelgateway.usage.MeteredUsage;
import io.camelgateway.usage.StreamFacts;
import io.camelgateway.usage.UsageTap;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.provider.UpstreamAnswerRefused;
import io.camelgateway.resilience.AttemptResult;
import io.camelgateway.resilience.ProviderTimeouts;
import io.camelgateway.resilience.RetryAfter;
import io.camelgateway.trace.AttemptTrace;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream call and its relay back to the client. Every callback runs on one event-loop context, so the state
 * below needs no locks; events from other threads (client closed, shutdown) hop onto that context first.
 * Decides nothing: the {@link TurnPlan} was fixed before the first byte. A failure before the first byte writes
 * nothing to the client: it is reported in {@link #done()} so the caller may retry or fall back. Every callback is
 * guarded: an exception in the gateway's own code still completes the attempt (nothing streamed yet: an internal
 * error the caller answers; streaming: a terminal error event), so no request can wait forever for its future.
 */
final class RelayCall {

    private static final Logger LOG = LoggerFactory.getLogger(RelayCall.class);
    /** Upstream status for an attempt the gateway itself ended (shutdown): neither retried nor held against the provider. */
    static final int ABORTED = -1;

    private final TurnPlan plan;
    private final Vertx vertx;
    private final Context context;
    private final UpstreamHttp upstream;
    private final ClientResponse client;
    private final GatewaySettings settings;
    private final ActiveStreams active;
    private final ProviderTimeouts timeouts;
    private final Map<String, String> attemptHeaders;
    private final TurnStream turnStream;
    private final AttemptTrace trace;
    private final CompletableFuture<AttemptResult> done = new CompletableFuture<>();

    private HttpClientRequest upstreamRequest;
    private long sentNanos;
    private boolean finished;
    /** This attempt wrote (or continued) the client's stream: its failures can only be told in-band. */
    private boolean streaming;
    private long lastWriteNanos;
    private long keepAliveTimer = -1;
    private long totalTimer = -1;
    private long firstByteTimer = -1;
    private long idleTimer = -1;
    private long lastReadNanos;
    private StreamDecoder parser;
    private CallStream stream;
    private final long createdNanos = System.nanoTime();
    private volatile long firstByteNanos;
    private volatile int upstreamStatus;
    private volatile UsageTap wholeAnswer;
    /** The response cache's taker of this attempt's completed answer, and the capture rebuilding it; else null. */
    private BiConsumer<String, TurnResponse> answerStore;
    private AnswerCapture capture;

    RelayCall(TurnPlan plan, Vertx vertx, Context context, UpstreamHttp upstream, ClientResponse client,
              GatewaySettings settings, ActiveStreams active, ProviderTimeouts timeouts,
              Map<String, String> attemptHeaders, TurnStream turnStream, AttemptTrace trace) {
        this.plan = plan;
        this.vertx = vertx;
        this.context = context;
        this.upstream = upstream;
        this.client = client;
        this.settings = settings;
        this.active = active;
        this.timeouts = timeouts;
        this.attemptHeaders = attemptHeaders;
        this.turnStream = turnStream;
        this.trace = trace;
    }

    /**
     * This attempt for the ledger, once {@code result} is known: usage from the stream (reported, or seen plus an
     * estimate when cut or abandoned) or from the whole answer; none when the provider never answered.
     */
    AttemptReport report(AttemptResult result, int fallbackPosition, String retryReason) {
        UsageTap whole = wholeAnswer;
        MeteredUsage usage = stream != null ? stream.usage() : whole == null ? null : whole.result();
        StreamFacts facts = stream != null ? stream.facts() : whole == null ? null : whole.facts();
        Long firstByteMs = firstByteNanos == 0 ? null : (firstByteNanos - createdNanos) / 1_000_000;
        String errorCode = result.error() == null ? null : result.error().code();
        return new AttemptReport(plan.target().provider(), plan.target().upstreamModel(), fallbackPosition,
                retryReason, upstreamStatus, errorCode, usage, (System.nanoTime() - createdNanos) / 1_000_000,
                firstByteMs, plan.stream(), result.kind() == AttemptResult.Kind.ANSWERED, facts);
    }

    /** Before {@link #start}: the completed answer goes to {@code store} (provider, answer) for the response cache. */
    void storeAnswerWith(BiConsumer<String, TurnResponse> store) {
        this.answerStore = store;
    }

    CompletableFuture<AttemptResult> done() {
        return done;
    }

    void start() {
        context.runOnContext(guarded(v -> begin()));
    }

    /** Runs a callback so that any exception in it still completes this attempt. */
    private <T> Handler<T> guarded(Handler<T> callback) {
        return value -> {
            try {
                callback.handle(value);
            } catch (RuntimeException e) {
                onInternalFailure(e);
            }
        };
    }

    private Runnable guarded(Runnable callback) {
        return () -> {
            try {
                callback.run();
            } catch (RuntimeException e) {
                onInternalFailure(e);
            }
        };
    }

    private void begin() {
        active.add(this);
        if (client.closed()) {
            clientGone();
            return;
        }
        client.onClose(() -> context.runOnContext(guarded(v -> clientGone())));
        totalTimer = vertx.setTimer(timeouts.totalMs(), guarded(id -> onUpstreamFailure(
                new TimeoutException("no complete answer within " + timeouts.totalMs() + " ms"))));
        String uri = plan.call().url(plan.target().baseUrl());
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri)
                .setProxyOptions(upstream.proxyFor(uri))
                .setConnectTimeout(timeouts.connectMs());
        plan.call().request().headers().forEach(options::putHeader);
        if (trace.recording()) {
            trace.inject(options::putHeader);
        }
        upstream.client().request(options).onComplete(guarded(ar -> {
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
            firstByteTimer = vertx.setTimer(timeouts.firstByteMs(), guarded(id -> onUpstreamFailure(
                    new TimeoutException("no response within " + timeouts.firstByteMs() + " ms"))));
            if (turnStream != null) {
                turnStream.awaitingResponse();
            }
            upstreamRequest.send(Buffer.buffer(plan.call().request().body())).onComplete(guarded(res -> {
                if (res.failed()) {
                    onUpstreamFailure(res.cause());
                } else {
                    onResponse(res.result());
                }
            }));
        }));
    }

    private void onResponse(HttpClientResponse response) {
        if (finished) {
            return;
        }
        cancelTimer(firstByteTimer);
        if (turnStream != null) {
            turnStream.responseArrived();
        }
        lastReadNanos = System.nanoTime();
        firstByteNanos = lastReadNanos;
        armIdleTimer(timeouts.idleMs());
        int status = response.statusCode();
        upstreamStatus = status;
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
        response.handler(guarded(chunk -> {
            lastReadNanos = System.nanoTime();
            body.appendBuffer(chunk);
        }));
        response.exceptionHandler(guarded(this::onUpstreamFailure));
        response.endHandler(guarded(v -> {
            if (!finished) {
                then.accept(body.getBytes());
            }
        }));
    }

    /** Checks for upstream silence without re-arming a timer per chunk. */
    private void armIdleTimer(long delayMs) {
        idleTimer = vertx.setTimer(Math.max(1, delayMs), guarded(id -> {
            if (finished) {
                return;
            }
            long silentMs = (System.nanoTime() - lastReadNanos) / 1_000_000L;
            if (silentMs >= timeouts.idleMs()) {
                onUpstreamFailure(new TimeoutException("no data from the provider for " + timeouts.idleMs() + " ms"));
            } else {
                armIdleTimer(timeouts.idleMs() - silentMs);
            }
        }));
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private TurnError mapUpstreamError(int status, HttpClientResponse response, byte[] body) {
        LOG.warn("provider {} answered HTTP {}: {}", plan.target().provider(), status, UpstreamText.excerpt(body));
        return plan.call().mapError(status, response::getHeader, body);
    }

    private void sendWhole(byte[] body) {
        byte[] out;
        try {
            out = plan.call().clientBody(body);
        } catch (UpstreamAnswerRefused refused) {
            wholeAnswer = plan.call().wholeAnswer(body); // a refusal the provider still charges for
            failBeforeStart(refused.error(), refused.error().status(), null);
            return;
        } catch (RuntimeException e) {
            LOG.warn("provider {} sent a response the gateway could not read: {}", plan.target().provider(),
                    e.toString());
            failBeforeStart(UpstreamErrors.fromStatus(plan.target().provider(), 502, "bad_response",
                    "the provider's response could not be read", null), 502, null);
            return;
        }
        finished = true;
        wholeAnswer = plan.call().wholeAnswer(body);
        if (answerStore != null) {
            storeAnswer(() -> openCapture() == null ? null : capture.whole(body));
        }
        trace.answered(out);
        client.sendJson(200, out, gatewayHeaders(), guarded(() -> complete(AttemptResult.answered())));
    }

    private void startStream(HttpClientResponse response) {
        // a streaming turn always has its TurnStream (Failover opens one with the first plan)
        boolean continuing = turnStream.handOver(gatewayHeaders());
        streaming = true;
        if (trace.recording()) {
            trace.streamStarted(turnStream.clientStream().responseId());
        }
        stream = plan.call().openStream(turnStream.clientStream(), continuing, this::writeToClient);
        if (answerStore != null && openCapture() != null) {
            parser = plan.call().upstreamFraming().decoder(this::onCapturedEvent);
        } else {
            parser = plan.call().upstreamFraming().decoder(stream::onEvent);
        }
        lastWriteNanos = System.nanoTime();
        long period = Math.max(50, settings.keepAliveMs() / 2);
        keepAliveTimer = vertx.setPeriodic(period, guarded(id -> keepAliveIfIdle()));
        response.handler(guarded(buffer -> {
            if (finished) {
                return;
            }
            lastReadNanos = System.nanoTime();
            try {
                parser.feed(buffer.getBytes());
            } catch (MalformedStreamException broken) {
                onUpstreamFailure(broken);
                return;
            }
            if (client.writeQueueFull()) {
                response.pause();
                client.onDrain(() -> context.runOnContext(guarded(v -> response.resume())));
            }
        }));
        response.exceptionHandler(guarded(this::onUpstreamFailure));
        response.endHandler(guarded(v -> endStream(null)));
    }

    private AnswerCapture openCapture() {
        if (capture == null) {
            try {
                capture = plan.call().answerCapture();
            } catch (RuntimeException e) {
                LOG.debug("no answer capture for the response cache: {}", e.toString());
            }
        }
        return capture;
    }

    /** The relay first; the cache's capture may fail without touching the client's stream. */
    private void onCapturedEvent(SseEvent event) {
        stream.onEvent(event);
        AnswerCapture current = capture;
        if (current != null) {
            try {
                current.onEvent(event);
            } catch (RuntimeException e) {
                LOG.debug("the response cache could not follow the stream: {}", e.toString());
                capture = null;
            }
        }
    }

    /** Hands a completed answer to the response cache; a capture that fails only means nothing is stored. */
    private void storeAnswer(java.util.function.Supplier<TurnResponse> answer) {
        try {
            TurnResponse completed = answer.get();
            if (completed != null) {
                answerStore.accept(plan.target().provider(), completed);
            }
        } catch (RuntimeException e) {
            LOG.debug("the answer could not be captured for the response cache: {}", e.toString());
        }
    }

    private void writeToClient(List<byte[]> frames) {
        trace.relayed(frames);
        client.write(frames);
        lastWriteNanos = System.nanoTime();
    }

    private void keepAliveIfIdle() {
        if (finished || System.nanoTime() - lastWriteNanos < settings.keepAliveMs() * 1_000_000L) {
            return;
        }
        stream.keepAlive();
    }

    /** The upstream body ended ({@code failure} null) or broke; the client always gets a terminal event. */
    private void endStream(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        parser.end();
        TurnError cut;
        if (failure == null) {
            cut = stream.end();
        } else {
            cut = describe(failure);
            stream.fail(cut);
        }
        if (cut == null && capture != null) {
            storeAnswer(capture::end);
        }
        AttemptResult result = cut == null ? AttemptResult.answered() : AttemptResult.afterStart(cut);
        trace.streamEnded(cut == null ? null : cut.code());
        client.end(guarded(() -> complete(result)));
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
        if (done.isDone()) {
            return;
        }
        finished = true;
        if (streaming) {
            client.end(guarded(() -> complete(AttemptResult.afterStart(error))));
            return;
        }
        complete(AttemptResult.beforeStart(error, upstreamStatus, retryAfterMs));
    }

    /**
     * A bug in the gateway's own code (an exception in a callback). Before this attempt streamed anything it is
     * reported like an aborted attempt, neither retried nor held against the provider, and the caller answers with
     * a JSON error (or an in-band one when the turn's stream was committed); once streaming, the client gets a
     * terminal error event and the stream ends.
     */
    private void onInternalFailure(RuntimeException failure) {
        LOG.error("internal failure relaying a turn to provider {}", plan.target().provider(), failure);
        if (done.isDone()) {
            return;
        }
        TurnError error = new TurnError(500, "server_error", "internal_error",
                "The gateway failed while relaying the provider's answer; the failure has been logged.", null, null);
        boolean wasFinished = finished;
        finished = true;
        resetUpstreamQuietly();
        if (!streaming) {
            complete(AttemptResult.beforeStart(error, ABORTED, null));
            return;
        }
        try {
            if (!wasFinished && stream != null) {
                stream.fail(error);
            }
        } catch (RuntimeException again) {
            LOG.warn("could not write the terminal error event: {}", again.toString());
        }
        try {
            client.end(() -> complete(AttemptResult.afterStart(error)));
        } catch (RuntimeException again) {
            client.abandon();
            complete(AttemptResult.afterStart(error));
        }
    }

    private void resetUpstreamQuietly() {
        if (upstreamRequest == null) {
            return;
        }
        try {
            upstreamRequest.reset();
        } catch (RuntimeException ignored) {
            // the connection is gone either way
        }
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
        context.runOnContext(guarded(v -> {
            if (done.isDone()) {
                return;
            }
            TurnError error = new TurnError(503, "server_error", "server_shutting_down",
                    "The gateway is restarting; retry the request.", null, 1L);
            if (stream != null && !finished) {
                finished = true;
                stream.fail(error);
                client.end(() -> complete(AttemptResult.afterStart(error)));
            } else {
                failBeforeStart(error, ABORTED, null);
            }
            if (upstreamRequest != null) {
                upstreamRequest.reset();
            }
        }));
    }

    private Map<String, String> gatewayHeaders() {
        Map<String, String> headers = new LinkedHashMap<>(plan.responseHeaders());
        headers.putAll(attemptHeaders);
        headers.put("x-gateway-provider", plan.target().provider());
        headers.put("x-gateway-model", plan.target().upstreamModel());
        if (!plan.call().droppedTools().isEmpty()) {
            headers.put("x-gateway-dropped-tools", String.join(",", plan.call().droppedTools()));
        }
        if (sentNanos > 0) {
            double overheadMs = (sentNanos - plan.startNanos()) / 1_000_000.0;
            headers.put("x-gateway-overhead-ms", String.format(java.util.Locale.ROOT, "%.3f", overheadMs));
        }
        return headers;
    }

    /** The figure of {@code x-gateway-overhead-ms}, or null when the request never went upstream. */
    Double overheadMs() {
        long sent = sentNanos;
        return sent > 0 ? (sent - plan.startNanos()) / 1_000_000.0 : null;
    }

    private void complete(AttemptResult result) {
        cancelTimer(keepAliveTimer);
        cancelTimer(totalTimer);
        cancelTimer(firstByteTimer);
        cancelTimer(idleTimer);
        if (turnStream != null) {
            turnStream.responseArrived();
        }
        active.remove(this);
        done.complete(result);
    }
}
