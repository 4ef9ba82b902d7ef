package io.camelgateway.http;

import io.camelgateway.api.ErrorBodies;
import io.camelgateway.canonical.TurnError;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs before the body handler of every route: a request whose body stops arriving (a {@code Content-Length}
 * larger than what is sent, a chunked body that stalls) is answered 408 and its connection closed once no byte came
 * for the timeout, and at most {@code maxPending} bodies may be arriving at once (past that: 503 with
 * {@code Retry-After}), so slow or stuck clients cannot hold connections and memory forever.
 */
final class RequestBodyGuard implements Handler<RoutingContext> {

    private static final byte[] TIMED_OUT = ErrorBodies.bytes(new TurnError(408, "invalid_request_error",
            "request_timeout", "The request body did not arrive in time (no data for too long); send the whole body "
                    + "promptly and retry.", null, null));
    private static final byte[] TOO_MANY = ErrorBodies.bytes(new TurnError(503, "server_error",
            "too_many_pending_requests", "Too many requests are still sending their body; retry shortly.", null, 1L));

    private final Vertx vertx;
    private final long timeoutMs;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();

    RequestBodyGuard(Vertx vertx, long timeoutMs, int maxPending) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
        this.maxPending = maxPending;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || timeoutMs <= 0) {
            ctx.next();
            return;
        }
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            ctx.response().putHeader("retry-after", "1");
            refuse(ctx.response(), 503, TOO_MANY);
            return;
        }
        new Watch(ctx).start();
        ctx.next();
    }

    /** One body in flight: released once it ended, failed, or timed out. */
    private final class Watch {
        private final RoutingContext ctx;
        private final AtomicBoolean released = new AtomicBoolean();
        private long bytesSeen = -1;
        private long timer;

        Watch(RoutingContext ctx) {
            this.ctx = ctx;
        }

        void start() {
            ctx.request().end().onComplete(done -> release());
            ctx.addEndHandler(done -> release());
            schedule();
        }

        private void schedule() {
            bytesSeen = ctx.request().bytesRead();
            timer = vertx.setTimer(timeoutMs, id -> check());
        }

        private void check() {
            if (released.get() || ctx.request().isEnded()) {
                release();
            } else if (ctx.request().bytesRead() > bytesSeen) {
                schedule();
            } else {
                release();
                refuse(ctx.response(), 408, TIMED_OUT);
            }
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                pending.decrementAndGet();
                vertx.cancelTimer(timer);
            }
        }
    }

    private static void refuse(HttpServerResponse response, int status, byte[] body) {
        if (response.ended() || response.headWritten()) {
            response.close();
            return;
        }
        response.setStatusCode(status).putHeader("content-type", "application/json").putHeader("connection", "close")
                .end(Buffer.buffer(body)).onComplete(done -> response.close());
    }
}
