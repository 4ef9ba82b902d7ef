package io.camelgateway.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.TrustOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared, pooled, non-blocking HTTP client for provider calls, plus the event-loop contexts to start calls on and
 * the proxy each call goes through ({@link UpstreamProxies}).
 * Calls must start on an event loop: a Vert.x client used from a worker thread binds its callbacks to that worker,
 * which is parked waiting for them, so each call would wait behind its own caller.
 */
public final class UpstreamHttp implements AutoCloseable {

    private final HttpClient client;
    private final Context[] contexts;
    private final AtomicInteger next = new AtomicInteger();
    private final UpstreamProxies proxies;

    /** {@code trust}: the CAs provider certificates must chain to; null for the JDK's defaults. */
    public UpstreamHttp(Vertx vertx, int connectTimeoutMs, int maxConnectionsPerHost, int eventLoops,
                        UpstreamProxies proxies, TrustOptions trust) {
        this.proxies = proxies;
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setConnectTimeout(connectTimeoutMs)
                .setTryUseCompression(false)
                .setDecompressionSupported(true)
                .setVerifyHost(true);
        if (trust != null) {
            options.setTrustOptions(trust);
        }
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

    /** The proxy for a call to {@code absoluteUri}; null to connect directly. */
    public ProxyOptions proxyFor(String absoluteUri) {
        return proxies.forUri(absoluteUri);
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
