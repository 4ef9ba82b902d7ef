package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A strict OpenAI-compatible chat server (vLLM-like) on 127.0.0.1 for tests.
 *
 * <pre>{@code
 * try (FakeChatServer server = FakeChatServer.start()) {
 *     server.requireApiKey("sk-up");                                  // optional: 401 otherwise
 *     server.enqueue(Reply.sse(FakeChatServer.stream().text("Hello").usage(10, 2).build()));
 *     server.enqueue(Reply.json(FakeChatServer.toolCallCompletion("exec_command", "{\"cmd\":\"ls\"}")));
 *     server.enqueue(Reply.error(429, FakeChatServer.errorBody("slow down", "rate_limit_error", null),
 *             Map.of("retry-after", "1")));
 *     // point the gateway at server.baseUrl()  (ends in /v1)
 *     server.requests().get(0).body();                                 // what the gateway sent
 * }
 * }</pre>
 *
 * Requests that fail validation get a 400 in the OpenAI error shape and do not consume a scripted reply; they are
 * still recorded (with their status). When the script is empty (and no {@link #respondWith} responder is set) the
 * server answers 500, so a test fails loudly.
 */
public final class FakeChatServer extends LoopbackHttpServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final List<String> RESPONSES_ONLY = List.of("input", "instructions", "reasoning", "include",
            "store", "text");

    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile String apiKey;
    private volatile Function<Received, Reply> responder;
    private volatile List<String> models = List.of("fake-model");

    private FakeChatServer() {
    }

    /** Starts on an ephemeral port of 127.0.0.1. */
    public static FakeChatServer start() {
        return new FakeChatServer();
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    /** Requires {@code Authorization: Bearer <key>} from now on (null turns the check off). */
    public FakeChatServer requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** Model ids listed by {@code GET /v1/models}. */
    public FakeChatServer models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    /** Answers valid chat requests the script does not cover with a reply made from the request itself. */
    public FakeChatServer respondWith(Function<Received, Reply> responder) {
        this.responder = responder;
        return this;
    }

    /** Adds replies to the end of the script; each valid chat request takes the next one. */
    public FakeChatServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** All chat requests received, valid or not, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public RecordedRequest lastRequest() {
        return requests.isEmpty() ? null : requests.get(requests.size() - 1);
    }

    // ---- scripted replies ----

    /**
     * What the server answers to one chat request. {@code headDelay} is silence before the response head; status 0
     * sends no answer at all; {@code ending} cuts a stream halfway.
     */
    public record Reply(int status, String contentType, List<String> sseEvents, String body,
                        Map<String, String> headers, Duration delayBetweenEvents, Duration headDelay, Ending ending) {

        public Reply {
            headDelay = headDelay == null ? Duration.ZERO : headDelay;
            ending = ending == null ? Ending.COMPLETE : ending;
        }

        public Reply(int status, String contentType, List<String> sseEvents, String body, Map<String, String> headers,
                     Duration delayBetweenEvents) {
            this(status, contentType, sseEvents, body, headers, delayBetweenEvents, Duration.ZERO, Ending.COMPLETE);
        }

        /** 200 with a complete JSON body. */
        public static Reply json(JsonNode body) {
            return new Reply(200, "application/json", null, body.toString(), Map.of(), Duration.ZERO);
        }

        /** 200 {@code text/event-stream}: each entry is sent as {@code data: <entry>\n\n}, flushed one by one. */
        public static Reply sse(List<String> events) {
            return sse(events, Duration.ZERO);
        }

        public static Reply sse(List<String> events, Duration delayBetweenEvents) {
            return new Reply(200, "text/event-stream", List.copyOf(events), null, Map.of(), delayBetweenEvents);
        }

        /** 200 {@code text/event-stream} with these exact bytes (for malformed or oddly framed streams). */
        public static Reply rawSse(String body) {
            return new Reply(200, "text/event-stream", null, body, Map.of(), Duration.ZERO);
        }

        public static Reply error(int status, String body, Map<String, String> headers) {
            return new Reply(status, "application/json", null, body, headers, Duration.ZERO);
        }

        /** No answer: nothing is sent for {@code duration}, then the connection closes. */
        public static Reply hang(Duration duration) {
            return new Reply(0, "", null, "", Map.of(), Duration.ZERO, duration, Ending.COMPLETE);
        }

        /** This reply, after {@code delay} of silence before the response head. */
        public Reply late(Duration delay) {
            return new Reply(status, contentType, sseEvents, body, headers, delayBetweenEvents, delay, ending);
        }

        /** This stream, with the connection dropped after half its events. */
        public Reply cutHalfway() {
            return new Reply(status, contentType, sseEvents, body, headers, delayBetweenEvents, headDelay,
                    Ending.CUT_HALFWAY);
        }
    }

    /** One request as received: lower-case header names. */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String rawBody,
                                  int status) {
        public JsonNode body() {
            try {
                return JSON.readTree(rawBody);
            } catch (IOException e) {
                return null;
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    // ---- body builders ----

    /** A {@code chat.completion} with a text answer. */
    public static ObjectNode textCompletion(String text) {
        ObjectNode root = completion("stop");
        ((ObjectNode) root.get("choices").get(0).get("message")).put("content", text);
        return root;
    }

    /** A {@code chat.completion} with one tool call ({@code call_1}). */
    public static ObjectNode toolCallCompletion(String name, String argumentsJson) {
        ObjectNode root = completion("tool_calls");
        ObjectNode message = (ObjectNode) root.get("choices").get(0).get("message");
        message.putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function");
        call.putObject("function").put("name", name).put("arguments", argumentsJson);
        return root;
    }

    private static ObjectNode completion(String finishReason) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("created", 1700000000L).put("model", "fake-model");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.putObject("message").put("role", "assistant");
        ObjectNode usage = root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5)
                .put("total_tokens", 15);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        return root;
    }

    /** {@code {"error":{"message","type","code"}}}. */
    public static String errorBody(String message, String type, String code) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", type).put("code", code).putNull("param");
        return root.toString();
    }

    public static StreamBuilder stream() {
        return new StreamBuilder();
    }

    /**
     * Builds the {@code data:} payloads of a chunk stream, the way OpenAI sends it: role chunk, deltas, a
     * finish_reason chunk, an optional usage-only chunk ({@code choices: []}) and {@code [DONE]}.
     */
    public static final class StreamBuilder {
        private final List<ObjectNode> deltas = new ArrayList<>();
        private int toolCalls;
        private String finishReason;
        private ObjectNode usage;
        private boolean done = true;

        public StreamBuilder reasoning(String text) {
            deltas.add(JSON.createObjectNode().put("reasoning_content", text));
            return this;
        }

        public StreamBuilder text(String text) {
            deltas.add(JSON.createObjectNode().put("content", text));
            return this;
        }

        /** A tool call (id {@code call_<n>}) whose arguments arrive in {@code argumentPieces}. */
        public StreamBuilder toolCall(String name, String... argumentPieces) {
            int index = toolCalls++;
            ObjectNode first = JSON.createObjectNode();
            ObjectNode call = first.putArray("tool_calls").addObject().put("index", index)
                    .put("id", "call_" + (index + 1)).put("type", "function");
            call.putObject("function").put("name", name).put("arguments", "");
            deltas.add(first);
            for (String piece : argumentPieces) {
                ObjectNode delta = JSON.createObjectNode();
                delta.putArray("tool_calls").addObject().put("index", index).putObject("function")
                        .put("arguments", piece);
                deltas.add(delta);
            }
            return this;
        }

        /** Defaults to {@code tool_calls} when tool calls were added, else {@code stop}. */
        public StreamBuilder finishReason(String reason) {
            this.finishReason = reason;
            return this;
        }

        public StreamBuilder usage(int promptTokens, int completionTokens) {
            usage = JSON.createObjectNode().put("prompt_tokens", promptTokens)
                    .put("completion_tokens", completionTokens).put("total_tokens", promptTokens + completionTokens);
            return this;
        }

        /** Leave out {@code data: [DONE]} (servers that just close the stream). */
        public StreamBuilder withoutDone() {
            done = false;
            return this;
        }

        public List<String> build() {
            List<String> out = new ArrayList<>();
            ObjectNode role = JSON.createObjectNode().put("role", "assistant").put("content", "");
            out.add(chunk(role, null).toString());
            for (ObjectNode delta : deltas) {
                out.add(chunk(delta, null).toString());
            }
            String reason = finishReason != null ? finishReason : toolCalls > 0 ? "tool_calls" : "stop";
            out.add(chunk(JSON.createObjectNode(), reason).toString());
            if (usage != null) {
                ObjectNode last = header();
                last.putArray("choices");
                last.set("usage", usage);
                out.add(last.toString());
            }
            if (done) {
                out.add("[DONE]");
            }
            return out;
        }

        private static ObjectNode chunk(ObjectNode delta, String finishReason) {
            ObjectNode chunk = header();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.put("finish_reason", finishReason);
            return chunk;
        }

        private static ObjectNode header() {
            return JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                    .put("created", 1700000000L).put("model", "fake-model");
        }
    }

    // ---- HTTP handling ----

    @Override
    protected void serve(Received request, HttpExchange exchange) throws IOException {
        if (request.path().startsWith("/v1/chat/completions")) {
            handleChat(request, exchange);
        } else if (request.path().startsWith("/v1/models")) {
            handleModels(request, exchange);
        } else {
            send(exchange, 404, "application/json", errorBody("no such path", "invalid_request_error", null));
        }
    }

    private void handleModels(Received request, HttpExchange exchange) throws IOException {
        if (!"GET".equals(request.method())) {
            send(exchange, 405, "application/json", errorBody("method not allowed", "invalid_request_error", null));
            return;
        }
        if (!authorized(request)) {
            send(exchange, 401, "application/json", unauthorized());
            return;
        }
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        models.forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", 1700000000L)
                .put("owned_by", "fake"));
        send(exchange, 200, "application/json", root.toString());
    }

    private void handleChat(Received request, HttpExchange exchange) throws IOException {
        String raw = request.body();
        Map<String, String> headers = request.joinedHeaders();
        if (!"POST".equals(request.method())) {
            requests.add(new RecordedRequest(request.method(), request.path(), headers, raw, 405));
            send(exchange, 405, "application/json", errorBody("method not allowed", "invalid_request_error", null));
            return;
        }
        if (!authorized(request)) {
            requests.add(new RecordedRequest(request.method(), request.path(), headers, raw, 401));
            send(exchange, 401, "application/json", unauthorized());
            return;
        }
        String problem = validate(raw);
        if (problem != null) {
            requests.add(new RecordedRequest(request.method(), request.path(), headers, raw, 400));
            send(exchange, 400, "application/json", errorBody(problem, "invalid_request_error", null));
            return;
        }
        Reply reply = script.poll();
        Function<Received, Reply> responder = this.responder;
        if (reply == null && responder != null) {
            reply = responder.apply(request);
        }
        int replyStatus = reply == null ? 500 : reply.status();
        requests.add(new RecordedRequest("POST", request.path(), headers, raw, replyStatus));
        if (reply == null) {
            send(exchange, 500, "application/json",
                    errorBody("FakeChatServer: no scripted reply left", "server_error", null));
            return;
        }
        sleep(reply.headDelay());
        if (reply.status() == 0) {
            return;
        }
        if (reply.sseEvents() != null) {
            List<String> events = reply.sseEvents().stream().map(event -> "data: " + event + "\n\n").toList();
            stream(exchange, 200, reply.headers(), events, reply.delayBetweenEvents(), Pacing.AFTER_EACH_EVENT,
                    reply.ending(), Duration.ZERO);
        } else {
            respond(exchange, reply.status(), reply.contentType(), reply.headers(), reply.body());
        }
    }

    private boolean authorized(Received request) {
        String key = apiKey;
        return key == null || ("Bearer " + key).equals(request.header("authorization"));
    }

    private static String unauthorized() {
        return errorBody("Incorrect API key provided", "invalid_request_error", "invalid_api_key");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        respond(exchange, status, contentType, Map.of(), body);
    }

    /** The first problem a strict server would report, or null when the request is acceptable. */
    static String validate(String raw) {
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            return "request body is not valid JSON";
        }
        if (body == null || !body.isObject()) {
            return "request body must be a JSON object";
        }
        for (String field : RESPONSES_ONLY) {
            if (body.has(field)) {
                return "Unrecognized request argument supplied: " + field;
            }
        }
        if (!body.path("model").isTextual() || body.get("model").asText().isBlank()) {
            return "model is required";
        }
        if (body.has("stream_options") && !body.path("stream").asBoolean(false)) {
            return "stream_options is only allowed when stream is true";
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return "messages must be a non-empty array";
        }
        String problem = validateMessages(messages);
        if (problem != null) {
            return problem;
        }
        for (JsonNode tool : body.path("tools")) {
            if (!"function".equals(tool.path("type").asText())) {
                return "tools[].type must be function";
            }
            String name = tool.path("function").path("name").asText("");
            if (!TOOL_NAME.matcher(name).matches()) {
                return "Invalid tools[].function.name '" + name + "': must match ^[a-zA-Z0-9_-]{1,64}$";
            }
        }
        return null;
    }

    private static String validateMessages(JsonNode messages) {
        Set<String> callIds = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText("");
            if (!ROLES.contains(role)) {
                return "messages[" + i + "].role '" + role + "' is not supported";
            }
            if ("assistant".equals(role)) {
                for (JsonNode call : message.path("tool_calls")) {
                    String name = call.path("function").path("name").asText("");
                    if (!TOOL_NAME.matcher(name).matches()) {
                        return "messages[" + i + "].tool_calls[].function.name '" + name + "' is invalid";
                    }
                    if (!call.path("function").path("arguments").isTextual()) {
                        return "messages[" + i + "].tool_calls[].function.arguments must be a string";
                    }
                    callIds.add(call.path("id").asText());
                }
            } else if ("tool".equals(role)) {
                if (!callIds.contains(message.path("tool_call_id").asText(""))) {
                    return "messages[" + i + "].tool_call_id does not match any preceding tool call";
                }
                JsonNode content = message.get("content");
                if (content == null || !(content.isTextual() || textOnlyParts(content))) {
                    return "messages[" + i + "].content of a tool message must be a string or text parts";
                }
            } else if (!message.has("content")) {
                return "messages[" + i + "].content is required";
            }
        }
        return null;
    }

    private static boolean textOnlyParts(JsonNode content) {
        if (!content.isArray()) {
            return false;
        }
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText())) {
                return false;
            }
        }
        return true;
    }
}
