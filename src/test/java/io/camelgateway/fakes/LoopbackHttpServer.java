package io.camelgateway.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * What every fake upstream shares: a real HTTP server on 127.0.0.1 (random port), every request read and recorded
 * with its arrival time before the subclass answers it, and the ways of answering a scripted fault needs — a whole
 * body, an SSE stream paced event by event, a stream cut or stalled halfway, a head sent late or never. A stream
 * whose write fails was hung up by the client: {@link #awaitDisconnect} is how tests prove a cancel reached upstream.
 */
public abstract class LoopbackHttpServer implements AutoCloseable {

    /**
     * One request as it arrived: header names lower-case, each with all its values; {@code body} is the raw text.
     */
    public record Received(String method, String path, Map<String, List<String>> headerValues, String body,
                           long arrivedNanos) {

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            List<String> values = headerValues.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** Each header's first value. */
        public Map<String, String> firstHeaders() {
            Map<String, String> out = new LinkedHashMap<>();
            headerValues.forEach((name, values) -> out.put(name, values.isEmpty() ? "" : values.get(0)));
            return out;
        }

        /** Each header's values joined with commas. */
        public Map<String, String> joinedHeaders() {
            Map<String, String> out = new LinkedHashMap<>();
            headerValues.forEach((name, values) -> out.put(name, String.join(",", values)));
            return out;
        }
    }

    /** Where the pause of a paced stream goes. */
    public enum Pacing {
        BEFORE_EACH_EVENT, AFTER_EACH_EVENT, BETWEEN_EVENTS
    }

    /** How a stream ends: normally, dropped halfway, or silent halfway for a while before it is closed. */
    public enum Ending {
        COMPLETE, CUT_HALFWAY, STALL_HALFWAY
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger disconnects = new AtomicInteger();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private volatile int writeSlice;

    protected LoopbackHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + getClass().getSimpleName(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        // started here, before a subclass's fields are set: safe, as no request can come before the port is known
        server.start();
    }

    /** Answers one request, already recorded; an {@link IOException} drops the connection. */
    protected abstract void serve(Received request, HttpExchange exchange) throws IOException;

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * From now on each stream event is written in slices of {@code bytes} bytes, flushed one by one with a pause, so
     * the client reads events (and multi-byte UTF-8 characters) split across reads; 0 writes each event whole.
     */
    public void sliceWrites(int bytes) {
        writeSlice = Math.max(0, bytes);
    }

    /** The slice size set by {@link #sliceWrites}, 0 when writes are whole. */
    protected int writeSlice() {
        return writeSlice;
    }

    /** Every request so far, in arrival order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Milliseconds between consecutive requests, from request number {@code from} on. */
    public List<Long> gapsMs(int from) {
        List<Received> all = received();
        return IntStream.range(from + 1, all.size())
                .mapToObj(i -> (all.get(i).arrivedNanos() - all.get(i - 1).arrivedNanos()) / 1_000_000L).toList();
    }

    /** True once a client hung up in the middle of a stream (waits at most {@code seconds}). */
    public boolean awaitDisconnect(long seconds) throws InterruptedException {
        return disconnected.await(seconds, TimeUnit.SECONDS);
    }

    /** How many streams the client hung up on. */
    public int disconnects() {
        return disconnects.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    headers, body, arrived);
            received.add(request);
            serve(request, exchange);
        }
    }

    // ---- answering ---------------------------------------------------------------------------------------------

    /** A whole response; an empty body is sent with no content. */
    protected static void respond(HttpExchange exchange, int status, String contentType, Map<String, String> headers,
                                  String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", contentType);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /**
     * An SSE response: {@code events} are complete SSE blocks (with their trailing blank line), written and flushed
     * one by one, paced by {@code delay} (content type {@code text/event-stream} unless already set). A {@link Ending#CUT_HALFWAY} stream drops the connection after half the
     * events; a {@link Ending#STALL_HALFWAY} one goes silent for {@code stall} after half of them, then closes.
     */
    protected void stream(HttpExchange exchange, int status, Map<String, String> headers, List<String> events,
                                 Duration delay, Pacing pacing, Ending ending, Duration stall) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("content-type")) {
            exchange.getResponseHeaders().set("content-type", "text/event-stream");
        }
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, 0);
        OutputStream out = exchange.getResponseBody();
        int limit = ending == Ending.COMPLETE ? events.size() : Math.max(1, events.size() / 2);
        boolean paced = delay != null && !delay.isZero();
        try {
            for (int i = 0; i < limit; i++) {
                if (paced && (pacing == Pacing.BEFORE_EACH_EVENT || pacing == Pacing.BETWEEN_EVENTS && i > 0)) {
                    sleep(delay);
                }
                write(out, events.get(i).getBytes(StandardCharsets.UTF_8));
                if (paced && pacing == Pacing.AFTER_EACH_EVENT) {
                    sleep(delay);
                }
            }
        } catch (IOException hungUp) {
            disconnects.incrementAndGet();
            disconnected.countDown();
            throw hungUp;
        }
        if (ending == Ending.STALL_HALFWAY) {
            sleep(stall);
        }
        if (ending == Ending.CUT_HALFWAY) {
            throw new IOException("cut on purpose");
        }
    }

    private void write(OutputStream out, byte[] event) throws IOException {
        int slice = writeSlice;
        if (slice <= 0) {
            out.write(event);
            out.flush();
            return;
        }
        for (int from = 0; from < event.length; from += slice) {
            out.write(event, from, Math.min(slice, event.length - from));
            out.flush();
            sleep(Duration.ofMillis(2));
        }
    }

    /** A whole SSE body split into its events (blocks ending in a blank line). */
    public static List<String> events(String sse) {
        List<String> events = new ArrayList<>();
        for (String event : sse.split("(?<=\n\n)")) {
            if (!event.isEmpty()) {
                events.add(event);
            }
        }
        return events;
    }

    /** Sleeps; an interrupt (the server closing) ends the sleep early and is kept. */
    protected static void sleep(Duration duration) {
        if (duration == null || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
