package io.camelgateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback upstream that answers every POST with the same scripted SSE frames, one every {@code delayMs}, and
 * optionally cuts the connection before the end. Records request bodies and headers, and notices when the
 * gateway hangs up mid-stream (the write fails), which is how tests prove a client disconnect reached upstream.
 */
public final class ScriptedSseUpstream implements AutoCloseable {

    private final HttpServer server;
    private final List<String> frames;
    private final long delayMs;
    private final boolean cut;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final CountDownLatch disconnected = new CountDownLatch(1);

    private volatile long headDelayMs;

    private ScriptedSseUpstream(List<String> frames, long delayMs, boolean cut) throws IOException {
        this.frames = List.copyOf(frames);
        this.delayMs = delayMs;
        this.cut = cut;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code frames} are complete SSE blocks without the trailing blank line. */
    public static ScriptedSseUpstream start(List<String> frames, long delayMs, boolean cutBeforeEnd) throws IOException {
        return new ScriptedSseUpstream(frames, delayMs, cutBeforeEnd);
    }

    /** Waits this long before the response head of every request (a provider slow to start its answer). */
    public ScriptedSseUpstream delayHead(long ms) {
        headDelayMs = ms;
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> bodies() {
        return bodies;
    }

    public List<Map<String, String>> requestHeaders() {
        return headers;
    }

    public boolean awaitDisconnect(long seconds) throws InterruptedException {
        return disconnected.await(seconds, TimeUnit.SECONDS);
    }

    public int disconnects() {
        return disconnects.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> seen = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        headers.add(seen);
        if (headDelayMs > 0) {
            try {
                Thread.sleep(headDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exchange.getResponseHeaders().add("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            int limit = cut ? Math.max(1, frames.size() / 2) : frames.size();
            for (int i = 0; i < limit; i++) {
                if (i > 0 && delayMs > 0) {
                    Thread.sleep(delayMs);
                }
                out.write((frames.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (cut) {
                exchange.getHttpContext().getServer();
                throw new IOException("cut on purpose");
            }
        } catch (IOException e) {
            if (!"cut on purpose".equals(e.getMessage())) {
                disconnects.incrementAndGet();
                disconnected.countDown();
            }
            exchange.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
