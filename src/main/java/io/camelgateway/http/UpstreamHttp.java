package io.camelgateway.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared, pooled, non-blocking HTTP client for provider calls, plus the event-loop contexts to start calls on.
 * Calls must start on an event loop: a Vert.x client used from a worker thread binds its callbacks to that worker,
 * which is parked waiting for them, so each call would wait behind its own caller.
 */
public final class UpstreamHttp implements AutoCloseable {

    private final HttpClient client;
    private final Context[] contexts;
    private final AtomicInteger next = new AtomicInteger();

    public UpstreamHttp(Vertx vertx, int connectTimeoutMs, int maxConnectionsPerHost, int eventLoops) {
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(connectTimeoutMs)
                .setTryUseCompression(false)
                .setDecompressionSupported(true)
                .setVerifyHost(true);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost).setHttp2MaxSize(8);
        this.client = vertx.createHttpClient(options, pool);
        this.contexts = new Context[Math.max(1, eventLoops)];
        for (int i = 0; i < contexts.length; i++) {
            contexts[i] = vertx.getOrCreateContext();
        }
    }

    public HttpClient client() {
        return client;
    }

    /** An event-loop context for the next call, round robin. */
    public Context nextContext() {
        return contexts[Math.floorMod(next.getAndIncrement(), contexts.length)];
    }

    @Override
    public void close() {
        client.close();
    }
}
