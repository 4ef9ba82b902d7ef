package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A strict stand-in for OpenAI's {@code POST /v1/responses}: a real HTTP server on 127.0.0.1 (random port). Every
 * request is checked as the real API checks it (bearer key, {@link ResponsesRequestValidator body rules}); rejected
 * requests get the real API's error shape and do not consume a scripted reply. Valid requests are answered in order
 * from what the test {@link #enqueue}d; with none left the server answers 500, so a test fails loudly.
 *
 * <pre>{@code
 * try (FakeResponsesServer openai = FakeResponsesServer.start("sk-up")) {
 *     openai.enqueue(Reply.sse(new Answer().functionCall("call_1", "Bash", "{\"command\":\"ls\"}").sse()));
 *     openai.enqueue(Reply.json(new Answer().text("Done.").json()));
 *     // point the gateway's openai base URL at openai.baseUrl() (ends in /v1)
 *     JsonNode first = openai.requests().get(0).body();
 * }
 * }</pre>
 */
public final class FakeResponsesServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One scripted answer: a whole JSON body, an SSE stream (sent event by event) or an error. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers) {

        public static Reply json(String body) {
            return new Reply(200, "application/json", body, Map.of());
        }

        public static Reply sse(String body) {
            return new Reply(200, "text/event-stream", body, Map.of());
        }

        public static Reply error(int status, String message, String type, String code) {
            return new Reply(status, "application/json", errorBody(message, type, code, null), Map.of());
        }
    }

    /** One request as received; {@code rejection} is the error message it got, or null when it was accepted. */
    public record RecordedRequest(String path, Map<String, String> headers, String rawBody, JsonNode body,
                                  String rejection) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String apiKey;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

    private FakeResponsesServer(String apiKey) throws IOException {
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server that accepts only {@code Authorization: Bearer apiKey}. */
    public static FakeResponsesServer start(String apiKey) {
        try {
            return new FakeResponsesServer(apiKey);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake Responses server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1}: the provider base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public FakeResponsesServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Every request received so far, rejected ones included, in arrival order. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode body = parse(raw);
            String path = exchange.getRequestURI().getPath();
            Reply rejection = check(exchange.getRequestMethod(), path, headers, body);
            requests.add(new RecordedRequest(path, headers, raw, body, rejection == null ? null : rejection.body()));
            Reply reply = rejection != null ? rejection : script.poll();
            send(exchange, reply != null ? reply
                    : Reply.error(500, "FakeResponsesServer: no scripted reply left", "server_error", null));
        }
    }

    private Reply check(String method, String path, Map<String, String> headers, JsonNode body) {
        if (!"POST".equals(method) || !"/v1/responses".equals(path)) {
            return Reply.error(404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null);
        }
        if (!("Bearer " + apiKey).equals(headers.get("authorization"))) {
            return Reply.error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        }
        ResponsesRequestValidator.Rejection rejection = ResponsesRequestValidator.validate(body);
        if (rejection == null) {
            return null;
        }
        return new Reply(rejection.status(), "application/json",
                errorBody(rejection.message(), "invalid_request_error", rejection.code(), rejection.param()), Map.of());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("content-type", reply.contentType());
        exchange.getResponseHeaders().set("x-request-id", "req_fake_" + System.nanoTime());
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        if (!reply.contentType().startsWith("text/event-stream")) {
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : reply.body().split("(?<=\n\n)")) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static JsonNode parse(String raw) {
        try {
            return raw.isBlank() ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    public static String errorBody(String message, String type, String code, String param) {
        ObjectNode body = NODES.objectNode();
        body.putObject("error").put("message", message).put("type", type).put("param", param).put("code", code);
        return body.toString();
    }

    /**
     * One model answer, item by item, rendered as the real API would send it: {@link #sse()} as a stream (items
     * added, content streamed in two deltas, items done, then {@code response.completed}) or {@link #json()} as a
     * whole response object.
     */
    public static final class Answer {
        private final ArrayNode output = NODES.arrayNode();
        private int counter;

        public Answer reasoning(String summary, String encryptedContent) {
            ObjectNode item = item("rs", "reasoning");
            item.remove("status");
            item.putArray("summary").addObject().put("type", "summary_text").put("text", summary);
            item.put("encrypted_content", encryptedContent);
            return this;
        }

        public Answer text(String text) {
            ObjectNode item = item("msg", "message").put("role", "assistant");
            item.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
            return this;
        }

        public Answer functionCall(String callId, String name, String arguments) {
            item("fc", "function_call").put("call_id", callId).put("name", name).put("arguments", arguments);
            return this;
        }

        public String json() {
            return response("completed").toString();
        }

        public String sse() {
            StringBuilder out = new StringBuilder();
            int[] sequence = {0};
            ObjectNode start = response("in_progress");
            start.putArray("output");
            start.putNull("usage");
            event(out, sequence, NODES.objectNode().put("type", "response.created").set("response", start));
            for (int i = 0; i < output.size(); i++) {
                streamItem(out, sequence, i, (ObjectNode) output.get(i));
            }
            event(out, sequence, NODES.objectNode().put("type", "response.completed").set("response",
                    response("completed")));
            return out.toString();
        }

        private void streamItem(StringBuilder out, int[] sequence, int index, ObjectNode item) {
            String id = item.path("id").asText();
            ObjectNode skeleton = item.deepCopy();
            String type = item.path("type").asText();
            if ("message".equals(type)) {
                skeleton.putArray("content");
            } else if ("function_call".equals(type)) {
                skeleton.put("arguments", "");
            } else {
                skeleton.putArray("summary");
            }
            event(out, sequence, itemEvent("response.output_item.added", index, skeleton));
            String text = "message".equals(type) ? item.path("content").path(0).path("text").asText()
                    : "function_call".equals(type) ? item.path("arguments").asText()
                    : item.path("summary").path(0).path("text").asText();
            String deltaType = "message".equals(type) ? "response.output_text.delta"
                    : "function_call".equals(type) ? "response.function_call_arguments.delta"
                    : "response.reasoning_summary_text.delta";
            if ("reasoning".equals(type)) {
                event(out, sequence, NODES.objectNode().put("type", "response.reasoning_summary_part.added")
                        .put("item_id", id).put("output_index", index).put("summary_index", 0));
            }
            int half = text.length() / 2;
            for (String piece : List.of(text.substring(0, half), text.substring(half))) {
                ObjectNode delta = NODES.objectNode().put("type", deltaType).put("item_id", id).put("output_index", index)
                        .put("delta", piece);
                if ("reasoning".equals(type)) {
                    delta.put("summary_index", 0);
                } else if ("message".equals(type)) {
                    delta.put("content_index", 0);
                }
                event(out, sequence, delta);
            }
            event(out, sequence, itemEvent("response.output_item.done", index, item));
        }

        private ObjectNode item(String prefix, String type) {
            ObjectNode item = output.addObject();
            item.put("id", prefix + "_fake_" + (++counter)).put("type", type).put("status", "completed");
            return item;
        }

        private ObjectNode response(String status) {
            ObjectNode response = NODES.objectNode().put("id", "resp_fake").put("object", "response")
                    .put("created_at", 1782321745L).put("status", status).put("model", "gpt-fake");
            response.putNull("error");
            response.putNull("incomplete_details");
            response.set("output", output.deepCopy());
            ObjectNode usage = response.putObject("usage").put("input_tokens", 42).put("output_tokens", 17)
                    .put("total_tokens", 59);
            usage.putObject("input_tokens_details").put("cached_tokens", 10);
            usage.putObject("output_tokens_details").put("reasoning_tokens", 5);
            return response;
        }

        private static ObjectNode itemEvent(String type, int index, ObjectNode item) {
            ObjectNode event = NODES.objectNode().put("type", type).put("output_index", index);
            event.set("item", item);
            return event;
        }

        private static void event(StringBuilder out, int[] sequence, ObjectNode data) {
            data.put("sequence_number", sequence[0]++);
            out.append("event: ").append(data.path("type").asText()).append("\ndata: ").append(data).append("\n\n");
        }
    }
}
