package io.camelgateway.hardening;

import io.camelgateway.fakes.FakeAnthropicServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving provider on a raw loopback socket, so it can do what a well-behaved HTTP server library will not:
 * drop a connection in the middle of a chunked stream, or say nothing at all. It speaks the protocol the path
 * implies (Anthropic {@code /v1/messages}, OpenAI {@code /v1/responses} and {@code /v1/chat/completions}), follows
 * a script of {@link Behaviour}s (one per request, success when the script is empty), counts requests, and quotes
 * back the credentials it received in every error it produces — as some proxies and self-hosted servers do.
 */
final class HostileUpstream implements AutoCloseable {

    /** What to do with one request. */
    sealed interface Behaviour permits Succeed, Fail, FailMidStream, Cut, Stall, StallMidStream {
    }

    /** A normal answer: streamed when the request asked for a stream. */
    record Succeed() implements Behaviour {
    }

    /** An error status whose body quotes the received credentials; {@code plainText} sends text instead of JSON. */
    record Fail(int status, Map<String, String> headers, boolean plainText) implements Behaviour {
    }

    /** Starts a stream, then reports an in-band error event that quotes the received credentials. */
    record FailMidStream() implements Behaviour {
    }

    /** Starts a stream, then closes the connection without ending the chunked body. */
    record Cut() implements Behaviour {
    }

    /** Reads the request and says nothing for {@code ms}, then closes. */
    record Stall(long ms) implements Behaviour {
    }

    /** Starts a stream, then stays silent for {@code ms}, then closes. */
    record StallMidStream(long ms) implements Behaviour {
    }

    static Fail fail(int status) {
        return new Fail(status, Map.of(), false);
    }

    static Fail fail(int status, Map<String, String> headers) {
        return new Fail(status, headers, false);
    }

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Behaviour> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    HostileUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "hostile-upstream-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    int requests() {
        return requests.get();
    }

    HostileUpstream enqueue(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    /** Scripted behaviours not used yet. */
    int pending() {
        return script.size();
    }

    void clearScript() {
        script.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            Request request = read(socket.getInputStream());
            if (request == null) {
                return;
            }
            requests.incrementAndGet();
            Behaviour behaviour = script.poll();
            answer(socket, request, behaviour == null ? new Succeed() : behaviour);
        } catch (IOException | InterruptedException gone) {
            // the gateway hung up, or the test is over
        } finally {
            open.remove(socket);
        }
    }

    private record Request(String path, boolean stream, String credentials) {
        Protocol protocol() {
            return path.endsWith("/messages") ? Protocol.ANTHROPIC
                    : path.endsWith("/chat/completions") ? Protocol.CHAT : Protocol.RESPONSES;
        }
    }

    private enum Protocol { ANTHROPIC, RESPONSES, CHAT }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            byte[] data = received.toByteArray();
            int end = HttpWire.headEnd(data, 0, data.length);
            if (end > 0) {
                HttpWire.Head head = HttpWire.parseHead(data, 0, end);
                byte[] body = body(head, data, end);
                if (body != null) {
                    String[] line = head.startLine().split(" ");
                    String credentials = "x-api-key: " + head.first("x-api-key") + ", authorization: "
                            + head.first("authorization");
                    String text = new String(body, StandardCharsets.UTF_8);
                    return new Request(line.length > 1 ? line[1] : "/", text.replaceAll("\\s", "")
                            .contains("\"stream\":true"), credentials);
                }
            }
            int n = in.read(buffer);
            if (n < 0) {
                return null;
            }
            received.write(buffer, 0, n);
        }
    }

    private static byte[] body(HttpWire.Head head, byte[] data, int end) throws IOException {
        if (head.chunked()) {
            try {
                HttpWire.Decoded decoded = HttpWire.decodeChunked(data, end, data.length);
                return decoded == null ? null : decoded.body();
            } catch (HttpWire.MalformedMessage e) {
                throw new IOException(e.getMessage());
            }
        }
        long length = Math.max(0, head.contentLength());
        return data.length - end < length ? null : Arrays.copyOfRange(data, end, end + (int) length);
    }

    private static void answer(Socket socket, Request request, Behaviour behaviour)
            throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        if (behaviour instanceof Fail f) {
            String echo = "Invalid request from the caller (" + request.credentials() + ")";
            complete(out, f.status(), f.plainText() ? "text/plain" : "application/json", f.headers(),
                    f.plainText() ? echo : errorBody(request.protocol(), f.status(), echo));
        } else if (behaviour instanceof FailMidStream) {
            String echo = "Internal error while serving the caller (" + request.credentials() + ")";
            int begun = request.protocol() == Protocol.ANTHROPIC ? 4 : 2;
            List<String> events = new ArrayList<>(events(successStream(request.protocol())).subList(0, begun));
            events.add(midStreamError(request.protocol(), echo));
            stream(out, events, Integer.MAX_VALUE, true);
        } else if (behaviour instanceof Cut) {
            List<String> events = events(successStream(request.protocol()));
            stream(out, events, events.size() / 2, false);
        } else if (behaviour instanceof Stall stall) {
            TimeUnit.MILLISECONDS.sleep(stall.ms());
        } else if (behaviour instanceof StallMidStream stall) {
            List<String> events = events(successStream(request.protocol()));
            stream(out, events, events.size() / 2, false);
            TimeUnit.MILLISECONDS.sleep(stall.ms());
        } else if (request.stream()) {
            stream(out, events(successStream(request.protocol())), Integer.MAX_VALUE, true);
        } else {
            String body = switch (request.protocol()) {
                case ANTHROPIC -> CorpusUpstream.ANTHROPIC_MESSAGE;
                case RESPONSES -> CorpusUpstream.RESPONSES_OBJECT;
                case CHAT -> CorpusUpstream.CHAT_COMPLETION;
            };
            complete(out, 200, "application/json", Map.of(), body);
        }
    }

    private static String successStream(Protocol protocol) {
        return switch (protocol) {
            case ANTHROPIC -> new FakeAnthropicServer.SseBuilder().text("hello").text("world").end("end_turn");
            case RESPONSES -> CorpusUpstream.RESPONSES_STREAM;
            case CHAT -> CorpusUpstream.CHAT_STREAM;
        };
    }

    private static List<String> events(String sse) {
        List<String> events = new ArrayList<>();
        for (String event : sse.split("(?<=\n\n)")) {
            if (!event.isBlank()) {
                events.add(event);
            }
        }
        return events;
    }

    private static String errorBody(Protocol protocol, int status, String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        if (protocol == Protocol.ANTHROPIC) {
            String type = switch (status) {
                case 401 -> "authentication_error";
                case 404 -> "not_found_error";
                case 429 -> "rate_limit_error";
                case 500 -> "api_error";
                default -> "invalid_request_error";
            };
            return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + escaped + "\"}}";
        }
        String type = status == 429 ? "rate_limit_error" : status >= 500 ? "server_error" : "invalid_request_error";
        return "{\"error\":{\"message\":\"" + escaped + "\",\"type\":\"" + type + "\",\"code\":\"echo\",\"param\":null}}";
    }

    private static String midStreamError(Protocol protocol, String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return switch (protocol) {
            case ANTHROPIC -> "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\""
                    + escaped + "\"}}\n\n";
            case RESPONSES -> "event: error\ndata: {\"type\":\"error\",\"sequence_number\":2,\"code\":\"server_error\","
                    + "\"message\":\"" + escaped + "\",\"param\":null}\n\n"
                    + "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":3,\"response\":"
                    + "{\"id\":\"resp_corpus\",\"object\":\"response\",\"status\":\"failed\",\"model\":\"gpt-corpus\","
                    + "\"output\":[],\"error\":{\"code\":\"server_error\",\"message\":\"" + escaped + "\"}}}\n\n";
            case CHAT -> "data: {\"error\":{\"message\":\"" + escaped + "\",\"type\":\"server_error\"}}\n\n";
        };
    }

    private static void complete(OutputStream out, int status, String contentType, Map<String, String> headers,
                                 String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Scripted\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** Writes the first {@code count} events as chunks; ends the chunked body only when {@code finish}. */
    private static void stream(OutputStream out, List<String> events, int count, boolean finish) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        for (int i = 0; i < Math.min(count, events.size()); i++) {
            out.write(HttpWire.chunk(events.get(i).getBytes(StandardCharsets.UTF_8)));
            out.flush();
        }
        if (finish) {
            out.write(HttpWire.LAST_CHUNK);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        connections.shutdownNow();
    }
}
