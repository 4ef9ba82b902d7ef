package io.camelgateway.resilience;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camelgateway.fakes.FakeAnthropicServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback Anthropic-style upstream that misbehaves on script: error statuses with headers, hanging before the
 * response head, streams cut or stalled after they began. Records when each request arrived.
 */
final class FaultyUpstream implements AutoCloseable {

    /** One scripted behaviour. */
    sealed interface Step permits Ok, Status, Hang, Cut, Stall, Late {
    }

    record Ok(long eventDelayMs) implements Step {
    }

    record Status(int status, Map<String, String> headers) implements Step {
    }

    record Hang(long ms) implements Step {
    }

    /** Sends half the stream, then drops the connection. */
    record Cut() implements Step {
    }

    /** Sends half the stream, then stays silent (connection open) for {@code ms}. */
    record Stall(long ms) implements Step {
    }

    /** Waits {@code ms} before doing {@code then}: an upstream slow to produce its first byte. */
    record Late(long ms, Step then) implements Step {
    }

    static Step ok() {
        return new Ok(0);
    }

    static Step status(int status, Map<String, String> headers) {
        return new Status(status, headers);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private volatile Step whenEmpty;

    FaultyUpstream(Step whenEmpty) throws IOException {
        this.whenEmpty = whenEmpty;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FaultyUpstream enqueue(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    void whenEmpty(Step step) {
        whenEmpty = step;
    }

    int requests() {
        return arrivals.size();
    }

    /** Milliseconds between consecutive requests, from {@code from} on. */
    List<Long> gapsMs(int from) {
        List<Long> all = List.copyOf(arrivals);
        return java.util.stream.IntStream.range(from + 1, all.size())
                .mapToObj(i -> (all.get(i) - all.get(i - 1)) / 1_000_000L).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        arrivals.add(System.nanoTime());
        exchange.getRequestBody().readAllBytes();
        Step step = script.poll();
        if (step == null) {
            step = whenEmpty;
        }
        if (step instanceof Late late) {
            sleep(late.ms());
            step = late.then();
        }
        try (exchange) {
            if (step instanceof Status s) {
                byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"" + (s.status() == 429 ? "rate_limit_error"
                        : s.status() == 529 ? "overloaded_error" : "api_error") + "\",\"message\":\"scripted "
                        + s.status() + "\"}}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", "application/json");
                s.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(s.status(), body.length);
                exchange.getResponseBody().write(body);
            } else if (step instanceof Hang h) {
                sleep(h.ms());
            } else {
                stream(exchange, step);
            }
        }
    }

    private static void stream(HttpExchange exchange, Step step) throws IOException {
        String body = new FakeAnthropicServer.SseBuilder().text("hello").text("world").end("end_turn");
        String[] events = body.split("(?<=\n\n)");
        boolean partial = step instanceof Cut || step instanceof Stall;
        int limit = partial ? events.length / 2 : events.length;
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < limit; i++) {
            if (step instanceof Ok ok && ok.eventDelayMs() > 0) {
                sleep(ok.eventDelayMs());
            }
            out.write(events[i].getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (step instanceof Stall stall) {
            sleep(stall.ms());
        }
        if (step instanceof Cut) {
            // closing without the chunked terminator: the client sees the connection end mid-body
            exchange.getHttpContext().getServer();
            throw new IOException("cut on purpose");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
