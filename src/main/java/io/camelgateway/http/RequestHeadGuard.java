package io.camelgateway.http;

import io.camelgateway.api.ErrorBodies;
import io.camelgateway.canonical.TurnError;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 408 and closes a connection whose request head (request line and headers) was started but is still not
 * complete {@code timeoutMs} later, so a client that sends half a head and then nothing cannot hold a connection
 * forever. Only a started head is timed: an idle keep-alive connection between requests and a request whose body or
 * answer is under way are left alone (bodies have {@link RequestBodyGuard}).
 *
 * <p>Vert.x creates its connection object only once the first head is decoded, too late for this, so a handler is
 * put first into every accepted channel's pipeline from the listening channel's pipeline (reached by reflection, the
 * server being started by Camel before our hooks run). Whether a head is in progress is read from the HTTP decoder's
 * state (a private field of Netty's {@link HttpObjectDecoder}). If either internal is not as expected, this logs
 * once and heads are not timed.
 */
final class RequestHeadGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RequestHeadGuard.class);
    private static final String DECODER = "httpDecoder";
    private static final byte[] TIMED_OUT = timedOutAnswer();

    private final long timeoutMs;
    private final Field decoderState;

    private RequestHeadGuard(long timeoutMs, Field decoderState) {
        this.timeoutMs = timeoutMs;
        this.decoderState = decoderState;
    }

    static void install(HttpServer server, long timeoutMs) {
        if (server == null || timeoutMs <= 0) {
            return;
        }
        try {
            Field state = HttpObjectDecoder.class.getDeclaredField("currentState");
            state.setAccessible(true);
            Channel listening = listeningChannel(server);
            if (listening == null) {
                LOG.warn("Could not reach the HTTP server's listening channel: unfinished request heads are not timed");
                return;
            }
            listening.pipeline().addFirst("gatewayHeadTimeout", new RequestHeadGuard(timeoutMs, state).new Installer());
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Could not install the request head timeout (unfinished request heads are not timed): {}",
                    e.toString());
        }
    }

    /** TCPServerBase.bindFuture (of the actual server when the server is shared) holds the listening channel. */
    private static Channel listeningChannel(HttpServer server) throws ReflectiveOperationException {
        Class<?> type = server.getClass();
        while (type != null && !"io.vertx.core.net.impl.TCPServerBase".equals(type.getName())) {
            type = type.getSuperclass();
        }
        if (type == null) {
            return null;
        }
        Field actual = type.getDeclaredField("actualServer");
        actual.setAccessible(true);
        Object owner = actual.get(server) != null ? actual.get(server) : server;
        Field bind = type.getDeclaredField("bindFuture");
        bind.setAccessible(true);
        return bind.get(owner) instanceof Future<?> future && future.result() instanceof Channel channel ? channel : null;
    }

    /** Sees each accepted channel before Vert.x sets up its pipeline, and puts a {@link Watch} first in it. */
    @ChannelHandler.Sharable
    private final class Installer extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel accepted) {
                accepted.pipeline().addFirst("gatewayHeadWatch", new Watch());
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** One connection; only touched on its event loop. */
    private final class Watch extends ChannelDuplexHandler {
        private ScheduledFuture<?> timer;
        private boolean wroteSinceHeadStarted;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.fireChannelRead(msg);
            if (!headInProgress(ctx)) {
                cancel();
            } else if (timer == null) {
                wroteSinceHeadStarted = false;
                timer = ctx.executor().schedule(() -> expired(ctx), timeoutMs, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            wroteSinceHeadStarted = true;
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        private void expired(ChannelHandlerContext ctx) {
            timer = null;
            if (!headInProgress(ctx) || !ctx.channel().isActive()) {
                return;
            }
            if (wroteSinceHeadStarted) { // an earlier (pipelined) request is still being answered: let it finish
                wroteSinceHeadStarted = false;
                timer = ctx.executor().schedule(() -> expired(ctx), timeoutMs, TimeUnit.MILLISECONDS);
                return;
            }
            LOG.debug("closing a connection whose request head did not complete within {} ms", timeoutMs);
            if (ctx.pipeline().get("ssl") != null) {
                ctx.close(); // this handler sits below TLS: it cannot write a readable answer
                return;
            }
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMED_OUT)).addListener(ChannelFutureListener.CLOSE);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        /** READ_INITIAL or READ_HEADER: some of a head arrived, not all of it. */
        private boolean headInProgress(ChannelHandlerContext ctx) {
            if (!(ctx.pipeline().get(DECODER) instanceof HttpObjectDecoder decoder)) {
                return false; // not yet decided between HTTP/1.1 and HTTP/2, or HTTP/2
            }
            try {
                Object state = decoderState.get(decoder);
                String name = state instanceof Enum<?> e ? e.name() : "";
                return "READ_INITIAL".equals(name) || "READ_HEADER".equals(name);
            } catch (IllegalAccessException e) {
                return false;
            }
        }
    }

    /** Written below the HTTP encoder (the request never reached Vert.x), so the response is spelled out here. */
    private static byte[] timedOutAnswer() {
        byte[] body = ErrorBodies.bytes(new TurnError(408, "invalid_request_error", "request_timeout",
                "The request head (request line and headers) did not arrive in time; send the whole request promptly "
                        + "and retry.", null, null));
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: "
                + body.length + "\r\nconnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
