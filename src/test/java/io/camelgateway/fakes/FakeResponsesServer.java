package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A strict stand-in for the OpenAI Responses API ({@code POST /v1/responses}) on 127.0.0.1, for tests of the
 * gateway translating other client APIs onto Responses. Requests are checked the way the real API checks them
 * (bearer key, unknown parameters, tool shape, every {@code function_call_output} answering an earlier
 * {@code function_call}); rejected requests get a 400 in OpenAI's error shape, are recorded with their status and
 * do not consume a scripted reply. An empty script answers 500 so a test fails loudly.
 *
 * <pre>{@code
 * try (FakeResponsesServer openai = FakeResponsesServer.start().requireApiKey("sk-openai")) {
 *     openai.enqueue(Reply.sse(FakeResponsesServer.stream().functionCall("call_1", "Bash", "{\"command\":\"ls\"}").build()));
 *     openai.enqueue(Reply.sse(FakeResponsesServer.stream().text("Done.").build()));
 *     // point gateway.openai.base-url at openai.baseUrl() (ends in /v1)
 *     openai.requests().get(1).body();   // what the gateway sent the second time
 * }
 * }</pre>
 */
public final class FakeResponsesServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
    private static final Set<String> PARAMETERS = Set.of("model", "input", "instructions", "tools", "tool_choice",
            "parallel_tool_calls", "stream", "stream_options", "store", "include", "reasoning", "max_output_tokens",
            "max_tool_calls", "temperature", "top_p", "top_logprobs", "text", "metadata", "prompt_cache_key",
            "prompt_cache_retention", "previous_response_id", "truncation", "user", "safety_identifier",
            "service_tier", "background", "conversation", "prompt");
    private static final Set<String> MESSAGE_ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Set<String> FUNCTION_TOOL_FIELDS = Set.of("type", "name", "description", "parameters", "strict");
    private static final Set<String> INPUT_PARTS = Set.of("input_text", "input_image", "input_file");
    private static final Set<String> ASSISTANT_PARTS = Set.of("output_text", "refusal");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Set<String> issuedEncryptedContent = ConcurrentHashMap.newKeySet();
    private volatile String apiKey;

    private FakeResponsesServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on an ephemeral port of 127.0.0.1. */
    public static FakeResponsesServer start() {
        try {
            return new FakeResponsesServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start FakeResponsesServer", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1} (the provider base URL). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Requires {@code Authorization: Bearer <key>} from now on (null turns the check off). */
    public FakeResponsesServer requireApiKey(String key) {
        this.apiKey = key;
        return this;
    }

    /** Adds replies to the end of the script; each valid request takes the next one. */
    public FakeResponsesServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** All requests received, valid or not, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int pendingReplies() {
        return script.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** What the server answers to one request: SSE events ({@code event:}/{@code data:} blocks) or a JSON body. */
    public record Reply(int status, List<String> sseEvents, String body) {

        public static Reply sse(List<String> events) {
            return new Reply(200, List.copyOf(events), null);
        }

        public static Reply json(JsonNode body) {
            return new Reply(200, null, body.toString());
        }

        public static Reply error(int status, String message, String type, String code) {
            return new Reply(status, null, errorBody(message, type, code, null));
        }
    }

    /** One request as received: lower-case header names; {@code status} is what the server answered. */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String rawBody,
                                  int status, String rejection) {

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

    /** {@code {"error":{"message","type","param","code"}}}. */
    public static String errorBody(String message, String type, String code, String param) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error").put("message", message).put("type", type);
        error.put("param", param);
        error.put("code", code);
        return root.toString();
    }

    // ---- streams ---------------------------------------------------------------------------------------------------

    public static StreamBuilder stream() {
        return new StreamBuilder();
    }

    /**
     * Builds a Responses event stream the way the API sends it: {@code response.created}, {@code response.in_progress},
     * per output item {@code output_item.added} … {@code output_item.done}, then {@code response.completed} with the
     * whole output and usage. Every event carries an increasing {@code sequence_number}.
     */
    public static final class StreamBuilder {
        private final String responseId = "resp_fake_" + Long.toHexString(System.nanoTime());
        private final List<ObjectNode> events = new ArrayList<>();
        private final ArrayNode output = JSON.createArrayNode();
        private int inputTokens = 100;
        private int outputTokens = 20;

        public StreamBuilder text(String text) {
            int index = output.size();
            String id = "msg_fake_" + index;
            ObjectNode item = JSON.createObjectNode().put("id", id).put("type", "message").put("status", "in_progress")
                    .put("role", "assistant");
            item.putArray("content");
            added(index, item);
            ObjectNode emptyPart = JSON.createObjectNode().put("type", "output_text").put("text", "");
            emptyPart.putArray("annotations");
            events.add(event("response.content_part.added").put("item_id", id).put("output_index", index)
                    .put("content_index", 0).set("part", emptyPart));
            events.add(event("response.output_text.delta").put("item_id", id).put("output_index", index)
                    .put("content_index", 0).put("delta", text));
            events.add(event("response.output_text.done").put("item_id", id).put("output_index", index)
                    .put("content_index", 0).put("text", text));
            ObjectNode part = JSON.createObjectNode().put("type", "output_text").put("text", text);
            part.putArray("annotations");
            events.add(event("response.content_part.done").put("item_id", id).put("output_index", index)
                    .put("content_index", 0).set("part", part));
            ObjectNode done = item.deepCopy().put("status", "completed");
            done.putArray("content").add(part);
            done(index, done);
            return this;
        }

        /** A {@code reasoning} item with one summary part and its opaque {@code encrypted_content}. */
        public StreamBuilder reasoning(String summary, String encryptedContent) {
            int index = output.size();
            String id = "rs_fake_" + index;
            ObjectNode item = JSON.createObjectNode().put("id", id).put("type", "reasoning")
                    .put("encrypted_content", encryptedContent);
            item.putArray("summary");
            added(index, item);
            ObjectNode emptyPart = JSON.createObjectNode().put("type", "summary_text").put("text", "");
            events.add(event("response.reasoning_summary_part.added").put("item_id", id).put("output_index", index)
                    .put("summary_index", 0).set("part", emptyPart));
            events.add(event("response.reasoning_summary_text.delta").put("item_id", id).put("output_index", index)
                    .put("summary_index", 0).put("delta", summary));
            events.add(event("response.reasoning_summary_text.done").put("item_id", id).put("output_index", index)
                    .put("summary_index", 0).put("text", summary));
            ObjectNode part = JSON.createObjectNode().put("type", "summary_text").put("text", summary);
            events.add(event("response.reasoning_summary_part.done").put("item_id", id).put("output_index", index)
                    .put("summary_index", 0).set("part", part));
            ObjectNode done = item.deepCopy();
            done.putArray("summary").add(part);
            done(index, done);
            return this;
        }

        /** A {@code function_call} item whose arguments arrive in two deltas. */
        public StreamBuilder functionCall(String callId, String name, String arguments) {
            int index = output.size();
            String id = "fc_fake_" + index;
            ObjectNode item = JSON.createObjectNode().put("id", id).put("type", "function_call")
                    .put("status", "in_progress").put("arguments", "").put("call_id", callId).put("name", name);
            added(index, item);
            int half = arguments.length() / 2;
            for (String piece : List.of(arguments.substring(0, half), arguments.substring(half))) {
                events.add(event("response.function_call_arguments.delta").put("item_id", id)
                        .put("output_index", index).put("delta", piece));
            }
            events.add(event("response.function_call_arguments.done").put("item_id", id).put("output_index", index)
                    .put("arguments", arguments));
            done(index, item.deepCopy().put("status", "completed").put("arguments", arguments));
            return this;
        }

        public StreamBuilder usage(int input, int outputCount) {
            this.inputTokens = input;
            this.outputTokens = outputCount;
            return this;
        }

        /** Complete SSE blocks ({@code event: …\ndata: …}), without the blank line that ends each. */
        public List<String> build() {
            List<ObjectNode> all = new ArrayList<>();
            all.add(event("response.created").set("response", response("in_progress", JSON.createArrayNode(), false)));
            all.add(event("response.in_progress").set("response", response("in_progress", JSON.createArrayNode(), false)));
            all.addAll(events);
            all.add(event("response.completed").set("response", response("completed", output, true)));
            List<String> blocks = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                ObjectNode data = all.get(i).put("sequence_number", i);
                blocks.add("event: " + data.path("type").asText() + "\ndata: " + data);
            }
            return blocks;
        }

        private void added(int index, ObjectNode item) {
            events.add(event("response.output_item.added").put("output_index", index).set("item", item.deepCopy()));
        }

        private void done(int index, ObjectNode item) {
            events.add(event("response.output_item.done").put("output_index", index).set("item", item));
            output.add(item);
        }

        private ObjectNode response(String status, ArrayNode items, boolean withUsage) {
            ObjectNode response = JSON.createObjectNode().put("id", responseId).put("object", "response")
                    .put("created_at", 1782321745L).put("status", status).put("model", "gpt-fake");
            response.putNull("error");
            response.putNull("incomplete_details");
            response.set("output", items.deepCopy());
            if (withUsage) {
                ObjectNode usage = response.putObject("usage").put("input_tokens", inputTokens)
                        .put("output_tokens", outputTokens).put("total_tokens", inputTokens + outputTokens);
                usage.putObject("input_tokens_details").put("cached_tokens", 0);
                usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
            } else {
                response.putNull("usage");
            }
            return response;
        }

        private static ObjectNode event(String type) {
            return JSON.createObjectNode().put("type", type);
        }
    }

    // ---- HTTP handling ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String path = exchange.getRequestURI().getPath();
            Reply rejection = check(exchange.getRequestMethod(), path, headers.get("authorization"), raw);
            Reply reply = rejection != null ? rejection : script.poll();
            if (rejection == null && reply != null && reply.sseEvents() != null) {
                reply.sseEvents().forEach(this::rememberEncryptedContent);
            }
            if (reply == null) {
                reply = Reply.error(500, "FakeResponsesServer: no scripted reply left", "server_error", null);
            }
            requests.add(new RecordedRequest(exchange.getRequestMethod(), path, headers, raw, reply.status(),
                    rejection == null ? null : rejection.body()));
            send(exchange, reply);
        }
    }

    private Reply check(String method, String path, String authorization, String raw) {
        if (!"POST".equals(method) || !"/v1/responses".equals(path)) {
            return Reply.error(404, "Invalid URL (" + method + " " + path + ")", "invalid_request_error", null);
        }
        String key = apiKey;
        if (key != null && !("Bearer " + key).equals(authorization)) {
            return Reply.error(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        }
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            body = null;
        }
        String problem = body == null || !body.isObject() ? "We could not parse the JSON body of your request."
                : validate(body);
        if (problem == null) {
            problem = foreignEncryptedContent(body.path("input"));
        }
        return problem == null ? null : Reply.error(400, problem, "invalid_request_error", null);
    }

    /** The API only decrypts reasoning it produced itself: other {@code encrypted_content} is refused. */
    private String foreignEncryptedContent(JsonNode input) {
        for (JsonNode item : input) {
            String encrypted = item.path("encrypted_content").asText("");
            if ("reasoning".equals(item.path("type").asText()) && !encrypted.isEmpty()
                    && !issuedEncryptedContent.contains(encrypted)) {
                return "The encrypted content for item " + item.path("id").asText() + " could not be verified.";
            }
        }
        return null;
    }

    private void rememberEncryptedContent(String sseBlock) {
        int data = sseBlock.indexOf("data: ");
        if (data < 0) {
            return;
        }
        try {
            String encrypted = JSON.readTree(sseBlock.substring(data + 6)).path("item").path("encrypted_content").asText("");
            if (!encrypted.isEmpty()) {
                issuedEncryptedContent.add(encrypted);
            }
        } catch (IOException notJson) {
            // only well-formed events issue anything
        }
    }

    /** The message the real API answers a bad body with, or null when it would accept it. */
    static String validate(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!PARAMETERS.contains(name)) {
                return "Unknown parameter: '" + name + "'.";
            }
        }
        if (!body.path("model").isTextual() || body.path("model").asText().isBlank()) {
            return "Missing required parameter: 'model'.";
        }
        String problem = validateTools(body.path("tools"));
        if (problem == null) {
            problem = validateInput(body.path("input"));
        }
        return problem;
    }

    private static String validateTools(JsonNode tools) {
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                continue;
            }
            List<String> fields = new ArrayList<>();
            tool.fieldNames().forEachRemaining(fields::add);
            for (String field : fields) {
                if (!FUNCTION_TOOL_FIELDS.contains(field)) {
                    return "Unknown parameter: 'tools[" + i + "]." + field + "'.";
                }
            }
            if (!tool.hasNonNull("name")) {
                return "Missing required parameter: 'tools[" + i + "].name'.";
            }
            if (!TOOL_NAME.matcher(tool.path("name").asText()).matches()) {
                return "Invalid 'tools[" + i + "].name': string does not match pattern. Expected a string that "
                        + "matches the pattern '^[a-zA-Z0-9_-]+$'.";
            }
            if (tool.has("parameters") && !tool.get("parameters").isObject()) {
                return "Invalid type for 'tools[" + i + "].parameters': expected an object.";
            }
        }
        return null;
    }

    private static String validateInput(JsonNode input) {
        if (input.isMissingNode() || input.isTextual()) {
            return null;
        }
        if (!input.isArray()) {
            return "Invalid type for 'input': expected one of a string or array of input items.";
        }
        Set<String> calls = new HashSet<>();
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> {
                    if (!MESSAGE_ROLES.contains(item.path("role").asText())) {
                        return "Invalid value: '" + item.path("role").asText() + "'. Supported values are: "
                                + "'assistant', 'system', 'developer', and 'user'.";
                    }
                    JsonNode content = item.path("content");
                    if (!content.isTextual() && !content.isArray()) {
                        return "Missing required parameter: 'input[" + i + "].content'.";
                    }
                    String problem = validateParts(content, i, "assistant".equals(item.path("role").asText()));
                    if (problem != null) {
                        return problem;
                    }
                }
                case "function_call" -> {
                    if (!item.path("call_id").isTextual() || !item.path("name").isTextual()
                            || !item.path("arguments").isTextual()) {
                        return "Missing required parameter: 'input[" + i + "].call_id', 'name' or 'arguments' "
                                + "(arguments must be a string).";
                    }
                    calls.add(item.path("call_id").asText());
                }
                case "function_call_output" -> {
                    String callId = item.path("call_id").asText();
                    if (!calls.contains(callId)) {
                        return "No tool call found for function call output with call_id " + callId + ".";
                    }
                    if (!item.path("output").isTextual() && !item.path("output").isArray()) {
                        return "Invalid type for 'input[" + i + "].output': expected a string or an array.";
                    }
                }
                case "reasoning", "item_reference", "custom_tool_call", "custom_tool_call_output" -> {
                    // accepted as is
                }
                default -> {
                    return "Invalid value: '" + type + "'. Supported values are: 'message', 'function_call', "
                            + "'function_call_output', 'reasoning', …";
                }
            }
        }
        return null;
    }

    private static String validateParts(JsonNode content, int i, boolean assistant) {
        Set<String> allowed = assistant ? ASSISTANT_PARTS : INPUT_PARTS;
        for (int j = 0; j < content.size(); j++) {
            String type = content.get(j).path("type").asText();
            if (!allowed.contains(type)) {
                return "Invalid value: '" + type + "'. Supported values are: '" + String.join("' and '",
                        allowed.stream().sorted().toList()) + "'. (input[" + i + "].content[" + j + "].type)";
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.sseEvents() == null) {
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            return;
        }
        exchange.getResponseHeaders().set("content-type", "text/event-stream");
        exchange.sendResponseHeaders(reply.status(), 0);
        OutputStream out = exchange.getResponseBody();
        for (String block : reply.sseEvents()) {
            out.write((block + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
