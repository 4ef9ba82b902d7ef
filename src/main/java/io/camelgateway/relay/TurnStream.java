package io.camelgateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientStream;
import io.camelgateway.canonical.TurnError;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/**
 * The client side of one streaming turn, shared by all its attempts. When an upstream attempt has sent no response
 * head within {@code commitAfterMs}, the stream is committed: 200 with the event-stream head, then what the
 * client's API opens a waiting stream with ({@link ClientStream#commit}), then keep-alives while that attempt,
 * retries and fallbacks go on. Fast failures (and their quick retries) still end in a plain HTTP error status; a turn that fails
 * after the commit ends with an in-band failure ({@link ClientStream#failCommitted}). Once an attempt's upstream stream begins it
 * owns the client ({@link #handOver}).
 * Attempts run on event loops and the timers on others, so every method is synchronized.
 */
final class TurnStream {

    private final ClientResponse client;
    private final ClientApiCodec api;
    private final Vertx vertx;
    private final long keepAliveMs;
    private final long commitAfterMs;
    private ClientStream stream;
    private Map<String, String> commitHeaders;
    private String model;
    private boolean committed;
    private boolean handedOver;
    private boolean ended;
    private long lastWriteNanos;
    private long commitTimer = -1;
    private long keepAliveTimer = -1;

    TurnStream(ClientResponse client, ClientApiCodec api, Vertx vertx, long commitAfterMs, long keepAliveMs) {
        this.commitAfterMs = commitAfterMs;
        this.client = client;
        this.api = api;
        this.vertx = vertx;
        this.keepAliveMs = Math.max(50, keepAliveMs);
    }

    /** Called once the first plan is known: its headers and model are what a commit announces. */
    synchronized void prepare(Map<String, String> headers, String model, ObjectNode clientBody, long inputTokens) {
        this.commitHeaders = headers;
        this.model = model;
        this.stream = api.openStream(model, clientBody, inputTokens);
        if (commitAfterMs <= 0) {
            commit();
        }
    }

    /** An attempt's request went upstream: commit unless its response head arrives within {@code commitAfterMs}. */
    synchronized void awaitingResponse() {
        if (!committed && !ended && commitTimer < 0) {
            commitTimer = vertx.setTimer(commitAfterMs, id -> commit());
        }
    }

    /** The attempt's response head arrived (or the attempt ended without one): no commit on its account. */
    synchronized void responseArrived() {
        if (commitTimer >= 0) {
            vertx.cancelTimer(commitTimer);
            commitTimer = -1;
        }
    }

    /** Commits at once (when still possible), e.g. to tell a provider outage in-band. */
    synchronized void commitNow() {
        if (commitTimer >= 0) {
            vertx.cancelTimer(commitTimer);
        }
        commit();
    }

    private synchronized void commit() {
        commitTimer = -1;
        if (committed || handedOver || ended || client.closed() || client.started()) {
            return;
        }
        committed = true;
        client.beginStream(commitHeaders);
        write(stream.commit(model));
        keepAliveTimer = vertx.setPeriodic(Math.max(50, keepAliveMs / 2), id -> keepAliveIfIdle());
    }

    private synchronized void keepAliveIfIdle() {
        if (!committed || handedOver || ended || System.nanoTime() - lastWriteNanos < keepAliveMs * 1_000_000L) {
            return;
        }
        write(stream.keepAlive());
    }

    private void write(List<byte[]> frames) {
        client.write(frames);
        lastWriteNanos = System.nanoTime();
    }

    /**
     * True when a commit sends the client something that tells it the turn is under way (Responses'
     * {@code response.created}), so committing at once is worth it to tell a provider outage in-band.
     */
    synchronized boolean commitAnnouncesStart() {
        return stream.commitAnnouncedStart();
    }

    /**
     * An attempt's upstream stream begins and takes over the client. Writes the head when nothing was committed
     * yet; true when the stream had been committed, so the attempt must continue it (same encoder and ids, no
     * second {@code response.created}).
     */
    synchronized boolean handOver(Map<String, String> headers) {
        handedOver = true;
        cancelTimers();
        if (!committed) {
            client.beginStream(headers);
        }
        return committed;
    }

    synchronized boolean committed() {
        return committed;
    }

    /** The client side of this turn's stream: attempts continue it. */
    synchronized ClientStream clientStream() {
        return stream;
    }

    /**
     * The turn failed with nothing streamed by any attempt. After a commit the failure goes in-band and the stream
     * ends (true, {@code then} runs when written); before it, false: the caller answers with an HTTP status, and
     * no commit can happen any more.
     */
    synchronized boolean failInBand(TurnError error, Runnable then) {
        ended = true;
        cancelTimers();
        if (!committed || handedOver) {
            return false;
        }
        write(stream.failCommitted(error));
        client.end(then);
        return true;
    }

    /**
     * The turn is over: no commit or keep-alive may follow. A committed stream no attempt took over and no failure
     * ended (the client went away, or the turn broke off with an exception) is ended here, so it never stays open.
     */
    synchronized void close() {
        boolean leftOpen = committed && !handedOver && !ended;
        ended = true;
        cancelTimers();
        if (leftOpen) {
            TurnError error = new TurnError(500, "server_error", "internal_error",
                    "The gateway could not finish this turn; the failure has been logged.", null, null);
            write(stream.failCommitted(error));
            client.end(() -> { });
        }
    }

    private void cancelTimers() {
        if (commitTimer >= 0) {
            vertx.cancelTimer(commitTimer);
            commitTimer = -1;
        }
        if (keepAliveTimer >= 0) {
            vertx.cancelTimer(keepAliveTimer);
            keepAliveTimer = -1;
        }
    }
}
