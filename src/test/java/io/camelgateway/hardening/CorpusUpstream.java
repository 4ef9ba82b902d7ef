package io.camelgateway.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camelgateway.fakes.FakeAnthropicServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A permissive loopback provider that answers every turn with a short success in its protocol — Anthropic
 * {@code /v1/messages}, OpenAI {@code /v1/responses} and {@code /v1/chat/completions}, streamed or not as asked —
 * and counts requests. The corpus uses it to tell a request the gateway refused from one it let through: a refused
 * request must leave the count unchanged.
 */
final class CorpusUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    CorpusUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    /** From now on, requests wait (at most 30 s) for {@link #release} before they are answered. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            boolean stream = stream(raw);
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/messages")) {
                reply(exchange, stream, FakeAnthropicServer.textStream("ok"), ANTHROPIC_MESSAGE);
            } else if (path.endsWith("/responses")) {
                reply(exchange, stream, RESPONSES_STREAM, RESPONSES_OBJECT);
            } else if (path.endsWith("/chat/completions")) {
                reply(exchange, stream, CHAT_STREAM, CHAT_COMPLETION);
            } else {
                byte[] body = "{\"error\":{\"message\":\"no such path\",\"type\":\"invalid_request_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private static boolean stream(byte[] raw) {
        try {
            JsonNode body = JSON.readTree(raw);
            return body != null && body.path("stream").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static void reply(HttpExchange exchange, boolean stream, String sse, String json) throws IOException {
        byte[] body = (stream ? sse : json).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", stream ? "text/event-stream" : "application/json");
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static final String ANTHROPIC_MESSAGE = "{\"id\":\"msg_corpus\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-corpus\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}";

    static final String RESPONSES_OBJECT = "{\"id\":\"resp_corpus\",\"object\":\"response\",\"created_at\":1700000000,"
            + "\"status\":\"completed\",\"model\":\"gpt-corpus\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\","
            + "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"ok\","
            + "\"annotations\":[]}]}],\"usage\":{\"input_tokens\":5,\"output_tokens\":1,\"total_tokens\":6}}";

    static final String RESPONSES_STREAM = "event: response.created\ndata: {\"type\":\"response.created\","
            + "\"sequence_number\":0,\"response\":{\"id\":\"resp_corpus\",\"object\":\"response\",\"status\":\"in_progress\","
            + "\"model\":\"gpt-corpus\",\"output\":[]}}\n\n"
            + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":1,"
            + "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"ok\"}\n\n"
            + "event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":2,\"response\":"
            + RESPONSES_OBJECT + "}\n\n";

    static final String CHAT_COMPLETION = "{\"id\":\"chatcmpl-corpus\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"gpt-corpus\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"ok\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,"
            + "\"total_tokens\":6}}";

    static final String CHAT_STREAM = "data: {\"id\":\"chatcmpl-corpus\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"gpt-corpus\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"chatcmpl-corpus\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"gpt-corpus\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n";
}
