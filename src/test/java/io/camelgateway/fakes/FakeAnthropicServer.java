package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A strict stand-in for {@code api.anthropic.com}: a real HTTP server on 127.0.0.1 (random port) serving
 * {@code POST /v1/messages}. Every request is checked as the real API checks it (auth header, version header,
 * {@link AnthropicRequestValidator body rules}); rejected requests get the real API's error shape and do not
 * consume a scripted reply. Valid requests are answered from a queue the test fills with {@link #enqueue}, then
 * with the {@link #whenEmpty} reply. Replies can also misbehave: arrive late, never arrive, or stop halfway.
 *
 * <pre>{@code
 * try (FakeAnthropicServer anthropic = FakeAnthropicServer.start("test-key")) {
 *     anthropic.enqueue(Reply.sse(FakeAnthropicServer.toolUseStream("toolu_1", "exec_command", "{\"cmd\":\"ls\"}")));
 *     anthropic.enqueue(Reply.sse(FakeAnthropicServer.textStream("Done.")).late(Duration.ofSeconds(2)));
 *     // point the gateway's provider base URL at anthropic.baseUrl(), run Codex ...
 *     assertEquals(2, anthropic.requestCount());
 *     JsonNode second = anthropic.requests().get(1).body();
 * }
 * }</pre>
 */
public final class FakeAnthropicServer extends LoopbackHttpServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One scripted answer. Build with {@link #json}, {@link #sse}, {@link #error} or {@link #hang}; make it
     * misbehave with {@link #late}, {@link #cutHalfway} or {@link #stallHalfway}.
     *
     * @param status      HTTP status; 0 for no answer at all (the connection closes after {@code headDelay})
     * @param contentType response content type
     * @param body        the body; for SSE the whole stream, sent one event (blank-line separated block) at a time
     * @param headers     extra response headers
     * @param eventDelay  pause before each SSE event (zero for none)
     * @param headDelay   pause before the response head (an upstream slow to answer)
     * @param ending      whether an SSE stream ends, is cut halfway or stalls halfway
     * @param stall       how long a stalled stream stays silent before the connection closes
     */
    public record Reply(int status, String contentType, String body, Map<String, String> headers, Duration eventDelay,
                        Duration headDelay, Ending ending, Duration stall) {

        public Reply {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            eventDelay = eventDelay == null ? Duration.ZERO : eventDelay;
            headDelay = headDelay == null ? Duration.ZERO : headDelay;
            ending = ending == null ? Ending.COMPLETE : ending;
            stall = stall == null ? Duration.ZERO : stall;
        }

        public Reply(int status, String contentType, String body, Map<String, String> headers, Duration eventDelay) {
            this(status, contentType, body, headers, eventDelay, Duration.ZERO, Ending.COMPLETE, Duration.ZERO);
        }

        /** A complete 200 JSON body (a non-streamed Messages response). */
        public static Reply json(String body) {
            return new Reply(200, "application/json", body, Map.of(), Duration.ZERO);
        }

        /** A 200 SSE stream sent event by event, as fast as possible. */
        public static Reply sse(String body) {
            return sse(body, Duration.ZERO);
        }

        /** A 200 SSE stream sent event by event with {@code delay} before each event. */
        public static Reply sse(String body, Duration delay) {
            return new Reply(200, "text/event-stream", body, Map.of(), delay);
        }

        /** An error answer with an Anthropic-shaped body, e.g. {@code error(529, "overloaded_error", "Overloaded", Map.of())}. */
        public static Reply error(int status, String type, String message, Map<String, String> headers) {
            return new Reply(status, "application/json", errorBody(type, message), headers, Duration.ZERO);
        }

        /** An error answer with any body (to test unparseable errors). */
        public static Reply rawError(int status, String contentType, String body, Map<String, String> headers) {
            return new Reply(status, contentType, body, headers, Duration.ZERO);
        }

        /** No answer: the request is read, nothing is sent for {@code duration}, then the connection closes. */
        public static Reply hang(Duration duration) {
            return new Reply(0, "", "", Map.of(), Duration.ZERO, duration, Ending.COMPLETE, Duration.ZERO);
        }

        /** This reply, after {@code delay} of silence before the response head. */
        public Reply late(Duration delay) {
            return new Reply(status, contentType, body, headers, eventDelay, delay, ending, stall);
        }

        /** This stream, with the connection dropped after half its events. */
        public Reply cutHalfway() {
            return new Reply(status, contentType, body, headers, eventDelay, headDelay, Ending.CUT_HALFWAY, stall);
        }

        /** This stream, silent for {@code silence} after half its events, then closed. */
        public Reply stallHalfway(Duration silence) {
            return new Reply(status, contentType, body, headers, eventDelay, headDelay, Ending.STALL_HALFWAY, silence);
        }
    }

    /**
     * One request as received. {@code headers} has lower-case names; {@code body} is null when it was not JSON;
     * {@code rejection} is the validation error the server answered with, or null when it was accepted.
     */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String rawBody,
                                  JsonNode body, String rejection) {
    }

    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<String> issuedSignatures = ConcurrentHashMap.newKeySet();
    private final String apiKey;
    private volatile boolean anyKey;
    private volatile Function<Received, Reply> whenEmpty;
    private volatile AnthropicPromptCacheModel promptCache;

    private FakeAnthropicServer(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Starts a server that accepts only {@code x-api-key: apiKey}. */
    public static FakeAnthropicServer start(String apiKey) {
        return new FakeAnthropicServer(apiKey);
    }

    /** Accepts any {@code x-api-key}, or none (an upstream behind a gateway that adds no key). */
    public FakeAnthropicServer acceptAnyKey() {
        anyKey = true;
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash (the provider base URL). */
    public String baseUrl() {
        return origin();
    }

    /**
     * Turns on prompt-cache semantics ({@link AnthropicPromptCacheModel}): successful answers then report the
     * {@code cache_read_input_tokens} / {@code cache_creation_input_tokens} the request's breakpoints earn.
     */
    public FakeAnthropicServer withPromptCache() {
        promptCache = new AnthropicPromptCacheModel();
        return this;
    }

    /** The prompt cache turned on with {@link #withPromptCache()}, or null. */
    public AnthropicPromptCacheModel promptCache() {
        return promptCache;
    }

    /** Adds answers, used in order by the following valid requests. */
    public FakeAnthropicServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The answer to valid requests once the queue is empty (by default a 500 saying the script ran out). */
    public FakeAnthropicServer whenEmpty(Reply reply) {
        return respondWith(request -> reply);
    }

    /** Answers valid requests the queue does not cover with a reply made from the request itself. */
    public FakeAnthropicServer respondWith(Function<Received, Reply> responder) {
        whenEmpty = responder;
        return this;
    }

    /** Every request received so far, rejected ones included, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The most recent request, or null. */
    public RecordedRequest lastRequest() {
        List<RecordedRequest> all = requests();
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** How many requests arrived (rejected ones included). */
    public int requestCount() {
        return received().size();
    }

    /** How many scripted answers are still unused. */
    public int pendingReplies() {
        return script.size();
    }

    // ---- handling ----------------------------------------------------------------------------------------------

    @Override
    protected void serve(Received received, HttpExchange exchange) throws IOException {
        Map<String, String> headers = received.firstHeaders();
        String raw = received.body();
        JsonNode body = parse(raw);
        Reply rejection = check(received.method(), received.path(), headers, raw, body);
        requests.add(new RecordedRequest(received.method(), received.path(), headers, raw, body,
                rejection == null ? null : rejection.body()));
        if (rejection != null) {
            send(exchange, rejection);
            return;
        }
        Reply reply = script.poll();
        Function<Received, Reply> responder = whenEmpty;
        if (reply == null && responder != null) {
            reply = responder.apply(received);
        }
        if (reply != null) {
            rememberSignatures(reply);
        }
        AnthropicPromptCacheModel cache = promptCache;
        if (reply != null && cache != null && reply.status() == 200) {
            reply = withUsage(reply, cache.serve(body));
        }
        send(exchange, reply != null ? reply
                : Reply.error(500, "api_error", "FakeAnthropicServer: no scripted reply left", Map.of()));
    }

    /** The error answer for a request the real API would reject, or null when it is acceptable. */
    private Reply check(String method, String path, Map<String, String> headers, String raw, JsonNode body) {
        if (!"POST".equals(method) || !"/v1/messages".equals(path)) {
            return Reply.error(404, "not_found_error", "Not Found", Map.of());
        }
        String key = headers.get("x-api-key");
        if (!anyKey && (key == null || key.isEmpty())) {
            return Reply.error(401, "authentication_error", "x-api-key header is required", Map.of());
        }
        if (!anyKey && !key.equals(apiKey)) {
            return Reply.error(401, "authentication_error", "invalid x-api-key", Map.of());
        }
        if (headers.get("anthropic-version") == null) {
            return Reply.error(400, "invalid_request_error", "anthropic-version: header is required", Map.of());
        }
        if (body == null) {
            return Reply.error(400, "invalid_request_error",
                    raw.isBlank() ? "body: Field required" : "There was an error parsing the body of your request", Map.of());
        }
        String invalid = AnthropicRequestValidator.validate(body);
        if (invalid == null) {
            invalid = AnthropicPromptCacheModel.invalid(body);
        }
        if (invalid == null) {
            invalid = foreignSignature(body);
        }
        return invalid == null ? null : Reply.error(400, "invalid_request_error", invalid, Map.of());
    }

    /**
     * The real API accepts a {@code thinking} block back only with the signature it issued for it (and a
     * {@code redacted_thinking} block only with its own {@code data}); anything else is a 400.
     */
    private String foreignSignature(JsonNode body) {
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                String type = block.path("type").asText();
                String where = "messages." + i + ".content." + j;
                if (type.equals("thinking") && !issuedSignatures.contains(block.path("signature").asText())) {
                    return where + ": Invalid `signature` in `thinking` block";
                }
                if (type.equals("redacted_thinking") && !issuedSignatures.contains(block.path("data").asText())) {
                    return where + ": Invalid `data` in `redacted_thinking` block";
                }
            }
        }
        return null;
    }

    /** Notes the signatures (and redacted-thinking data) a reply hands out, so later requests may carry them back. */
    private void rememberSignatures(Reply reply) {
        if (reply.contentType().startsWith("text/event-stream")) {
            for (String line : reply.body().split("\n")) {
                if (line.startsWith("data:")) {
                    JsonNode event = parse(line.substring(5));
                    if (event != null) {
                        rememberSignature(event.path("delta"));
                        rememberSignature(event.path("content_block"));
                    }
                }
            }
        } else {
            JsonNode body = parse(reply.body());
            if (body != null) {
                body.path("content").forEach(this::rememberSignature);
            }
        }
    }

    private void rememberSignature(JsonNode block) {
        for (String field : List.of("signature", "data")) {
            String value = block.path(field).asText("");
            if (!value.isEmpty()) {
                issuedSignatures.add(value);
            }
        }
    }

    /** The reply with its input usage replaced by what the prompt cache computed. */
    private static Reply withUsage(Reply reply, AnthropicPromptCacheModel.CacheUsage usage) {
        java.util.function.Consumer<JsonNode> patch = node -> {
            if (node instanceof ObjectNode usageNode) {
                usageNode.put("input_tokens", usage.inputTokens())
                        .put("cache_creation_input_tokens", usage.cacheCreationInputTokens())
                        .put("cache_read_input_tokens", usage.cacheReadInputTokens());
            }
        };
        if (!reply.contentType().startsWith("text/event-stream")) {
            JsonNode body = parse(reply.body());
            if (body == null) {
                return reply;
            }
            patch.accept(body.path("usage"));
            return new Reply(reply.status(), reply.contentType(), body.toString(), reply.headers(), reply.eventDelay(),
                    reply.headDelay(), reply.ending(), reply.stall());
        }
        StringBuilder out = new StringBuilder();
        for (String line : reply.body().split("\n", -1)) {
            JsonNode event = line.startsWith("data:") ? parse(line.substring(5)) : null;
            if (event != null && "message_start".equals(event.path("type").asText())) {
                patch.accept(event.path("message").path("usage"));
                line = "data: " + event;
            }
            out.append(line).append('\n');
        }
        out.setLength(out.length() - 1);
        return new Reply(reply.status(), reply.contentType(), out.toString(), reply.headers(), reply.eventDelay(),
                reply.headDelay(), reply.ending(), reply.stall());
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        sleep(reply.headDelay());
        if (reply.status() == 0) {
            return;
        }
        exchange.getResponseHeaders().set("request-id", "req_fake_" + System.nanoTime());
        if (!reply.contentType().startsWith("text/event-stream")) {
            respond(exchange, reply.status(), reply.contentType(), reply.headers(), reply.body());
            return;
        }
        exchange.getResponseHeaders().set("content-type", reply.contentType());
        stream(exchange, reply.status(), reply.headers(), events(reply.body()), reply.eventDelay(),
                Pacing.BEFORE_EACH_EVENT, reply.ending(), reply.stall());
    }

    private static JsonNode parse(String raw) {
        try {
            return raw.isBlank() ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    static String errorBody(String type, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        error.put("message", message);
        return body.toString();
    }

    // ---- typical streams ---------------------------------------------------------------------------------------

    /** A streamed reply of one text block, ending with {@code end_turn}. */
    public static String textStream(String text) {
        return new SseBuilder().text(text).end("end_turn");
    }

    /** A streamed reply of one {@code tool_use} block (input streamed in two pieces), ending with {@code tool_use}. */
    public static String toolUseStream(String toolUseId, String name, String inputJson) {
        return new SseBuilder().toolUse(toolUseId, name, inputJson).end("tool_use");
    }

    /** A streamed reply of a signed thinking block then one {@code tool_use} block, as with extended thinking. */
    public static String thinkingToolUseStream(String thinking, String signature, String toolUseId, String name,
                                               String inputJson) {
        return new SseBuilder().thinking(thinking, signature).toolUse(toolUseId, name, inputJson).end("tool_use");
    }

    /**
     * Builds Messages SSE bodies block by block, for replies the helpers above do not cover:
     * {@code new SseBuilder().text("a").toolUse(...).toolUse(...).end("tool_use")}.
     */
    public static final class SseBuilder {
        private final StringBuilder out = new StringBuilder();
        private int index;

        public SseBuilder() {
            ObjectNode start = node("message_start");
            ObjectNode message = start.putObject("message");
            message.put("id", "msg_fake_" + System.nanoTime()).put("type", "message").put("role", "assistant")
                    .put("model", "claude-fake").putNull("stop_reason").putNull("stop_sequence");
            message.putArray("content");
            message.putObject("usage").put("input_tokens", 10).put("cache_creation_input_tokens", 0)
                    .put("cache_read_input_tokens", 0).put("output_tokens", 1);
            event(start);
            event(node("ping"));
        }

        public SseBuilder text(String text) {
            ObjectNode block = JsonNodeFactory.instance.objectNode().put("type", "text").put("text", "");
            startBlock(block);
            delta(JsonNodeFactory.instance.objectNode().put("type", "text_delta").put("text", text));
            return stopBlock();
        }

        public SseBuilder thinking(String thinking, String signature) {
            ObjectNode block = JsonNodeFactory.instance.objectNode().put("type", "thinking").put("thinking", "")
                    .put("signature", "");
            startBlock(block);
            delta(JsonNodeFactory.instance.objectNode().put("type", "thinking_delta").put("thinking", thinking));
            delta(JsonNodeFactory.instance.objectNode().put("type", "signature_delta").put("signature", signature));
            return stopBlock();
        }

        public SseBuilder toolUse(String id, String name, String inputJson) {
            ObjectNode block = JsonNodeFactory.instance.objectNode().put("type", "tool_use").put("id", id)
                    .put("name", name);
            block.putObject("input");
            startBlock(block);
            int half = inputJson.length() / 2;
            delta(JsonNodeFactory.instance.objectNode().put("type", "input_json_delta").put("partial_json", ""));
            delta(JsonNodeFactory.instance.objectNode().put("type", "input_json_delta")
                    .put("partial_json", inputJson.substring(0, half)));
            delta(JsonNodeFactory.instance.objectNode().put("type", "input_json_delta")
                    .put("partial_json", inputJson.substring(half)));
            return stopBlock();
        }

        /** Closes the message with {@code stopReason} ({@code end_turn}, {@code tool_use}, {@code max_tokens}...). */
        public String end(String stopReason) {
            ObjectNode delta = node("message_delta");
            delta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
            delta.putObject("usage").put("output_tokens", 20);
            event(delta);
            event(node("message_stop"));
            return out.toString();
        }

        /** Ends the stream with an in-band {@code error} event (e.g. {@code overloaded_error}), no message_stop. */
        public String error(String type, String message) {
            out.append("event: error\ndata: ").append(errorBody(type, message)).append("\n\n");
            return out.toString();
        }

        private void startBlock(ObjectNode block) {
            ObjectNode start = node("content_block_start").put("index", index);
            start.set("content_block", block);
            event(start);
        }

        private void delta(ObjectNode delta) {
            ObjectNode event = node("content_block_delta").put("index", index);
            event.set("delta", delta);
            event(event);
        }

        private SseBuilder stopBlock() {
            event(node("content_block_stop").put("index", index));
            index++;
            return this;
        }

        private void event(ObjectNode data) {
            out.append("event: ").append(data.path("type").asText()).append("\ndata: ").append(data).append("\n\n");
        }

        private static ObjectNode node(String type) {
            return JsonNodeFactory.instance.objectNode().put("type", type);
        }
    }
}
