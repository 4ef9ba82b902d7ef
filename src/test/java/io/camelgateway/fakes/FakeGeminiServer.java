package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict stand-in for {@code generativelanguage.googleapis.com}: a real HTTP server on 127.0.0.1 serving
 * {@code POST /v1beta/models/{model}:generateContent} and {@code :streamGenerateContent?alt=sse}. Every request is
 * checked as the real API checks it: the {@code x-goog-api-key}, the body ({@link GeminiRequestValidator}), and the
 * thought signatures — each one must be one this server handed out, back on the kind of part it sat on, and a
 * function call it signed must come back with that signature or Gemini's documented placeholder
 * ({@link #FOREIGN_CALL_SIGNATURE}), never without one (Gemini 3 answers 400 otherwise). Rejected requests
 * get Google's error shape and consume no scripted answer. Valid ones are answered in order from the queue: an
 * {@link Answer} is rendered as a stream or a whole body as the request asks; a {@link Reply} is sent as it is.
 */
public final class FakeGeminiServer extends LoopbackHttpServer {

    /** The value Gemini accepts in place of a signature on a function call it did not make. */
    public static final String FOREIGN_CALL_SIGNATURE = "skip_thought_signature_validator";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH = Pattern.compile("^/v1beta/models/([^/:]+):(generateContent|streamGenerateContent)$");

    /** A raw answer: status, content type, body, extra headers, and whether a stream is cut halfway. */
    public record Reply(int status, String contentType, String body, Map<String, String> headers, Ending ending) {

        public Reply {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            ending = ending == null ? Ending.COMPLETE : ending;
        }

        public static Reply sse(String body) {
            return new Reply(200, "text/event-stream", body, Map.of(), Ending.COMPLETE);
        }

        public static Reply json(String body) {
            return new Reply(200, "application/json", body, Map.of(), Ending.COMPLETE);
        }

        /** Google's error shape; {@code details} are the {@code error.details} entries (may be empty). */
        public static Reply error(int code, String status, String message, JsonNode... details) {
            return new Reply(code, "application/json", errorBody(code, status, message, details), Map.of(),
                    Ending.COMPLETE);
        }

        public Reply cutHalfway() {
            return new Reply(status, contentType, body, headers, Ending.CUT_HALFWAY);
        }
    }

    /** One request as received; {@code body} is null when not JSON, {@code rejection} null when accepted. */
    public record RecordedRequest(String path, String query, Map<String, String> headers, String rawBody,
                                  JsonNode body, String rejection) {

        public boolean streamed() {
            return path.endsWith(":streamGenerateContent");
        }

        public String model() {
            Matcher m = PATH.matcher(path);
            return m.matches() ? m.group(1) : null;
        }
    }

    private record IssuedCall(String name, JsonNode args, String signature) {
    }

    /** Each queued answer, rendered when its request arrives: (streamed?, request body) → reply. */
    private final ConcurrentLinkedDeque<BiFunction<Boolean, JsonNode, Reply>> script = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<IssuedCall> issuedCalls = new CopyOnWriteArrayList<>();
    private final Set<String> issuedTextSignatures = ConcurrentHashMap.newKeySet();
    private final Set<String> issuedThoughtSignatures = ConcurrentHashMap.newKeySet();
    private final String apiKey;

    private FakeGeminiServer(String apiKey) {
        this.apiKey = apiKey;
    }

    private volatile List<String> listedModels = List.of();
    private final AtomicInteger modelListRequests = new AtomicInteger();

    /** Starts a server that accepts only {@code x-goog-api-key: apiKey}. */
    public static FakeGeminiServer start(String apiKey) {
        return new FakeGeminiServer(apiKey);
    }

    /** The host root, as {@code GEMINI_BASE_URL} takes it. */
    public String baseUrl() {
        return origin();
    }

    public FakeGeminiServer enqueue(Answer... answers) {
        for (Answer answer : answers) {
            script.add((stream, request) -> stream ? Reply.sse(answer.sse()) : Reply.json(answer.json()));
        }
        return this;
    }

    /** An answer made from the request it answers (e.g. calling a tool by the name that request declared). */
    public FakeGeminiServer enqueue(Function<JsonNode, Answer> answerFor) {
        script.add((stream, request) -> {
            Answer answer = answerFor.apply(request);
            return stream ? Reply.sse(answer.sse()) : Reply.json(answer.json());
        });
        return this;
    }

    public FakeGeminiServer enqueue(Reply... replies) {
        for (Reply reply : replies) {
            script.add((stream, request) -> reply);
        }
        return this;
    }

    /** An answer rendered as the request asks, its stream (or body) cut halfway. */
    public FakeGeminiServer enqueueCut(Answer answer) {
        script.add((stream, request) -> (stream ? Reply.sse(answer.sse()) : Reply.json(answer.json())).cutHalfway());
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<String> rejections() {
        return requests.stream().map(RecordedRequest::rejection).filter(Objects::nonNull).toList();
    }

    /** Forgets queued answers and recorded requests (the signatures handed out stay valid). */
    public void reset() {
        script.clear();
        requests.clear();
    }

    // ---- handling ----------------------------------------------------------------------------------------------

    /** The models {@code GET /v1beta/models} lists (each can generate content), besides one embedding model. */
    public FakeGeminiServer models(String... ids) {
        listedModels = List.of(ids);
        return this;
    }

    /** How many times the model list was asked for. */
    public int modelListRequests() {
        return modelListRequests.get();
    }

    @Override
    protected void serve(Received received, HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        Map<String, String> headers = received.firstHeaders();
        if ("GET".equals(received.method()) && "/v1beta/models".equals(received.path())) {
            modelListRequests.incrementAndGet();
            send(exchange, apiKey.equals(headers.get("x-goog-api-key")) ? modelList()
                    : Reply.error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers."));
            return;
        }
        JsonNode body = parse(received.body());
        Reply rejection = check(received, query, headers, body);
        requests.add(new RecordedRequest(received.path(), query, headers, received.body(), body,
                rejection == null ? null : rejection.body()));
        if (rejection != null) {
            send(exchange, rejection);
            return;
        }
        BiFunction<Boolean, JsonNode, Reply> next = script.poll();
        Reply reply = next != null ? next.apply(received.path().endsWith(":streamGenerateContent"), body)
                : Reply.error(500, "INTERNAL", "FakeGeminiServer: no scripted answer left");
        remember(reply);
        send(exchange, reply);
    }

    private Reply modelList() {
        ObjectNode list = NODES.objectNode();
        ArrayNode models = list.putArray("models");
        for (String id : listedModels) {
            ObjectNode model = models.addObject().put("name", "models/" + id).put("inputTokenLimit", 1048576);
            model.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
        }
        models.addObject().put("name", "models/text-embedding-004").putArray("supportedGenerationMethods")
                .add("embedContent");
        return Reply.json(list.toString());
    }

    private Reply check(Received received, String query, Map<String, String> headers, JsonNode body) {
        Matcher path = PATH.matcher(received.path());
        if (!"POST".equals(received.method()) || !path.matches()) {
            return Reply.error(404, "NOT_FOUND", "Requested entity was not found.");
        }
        String key = headers.get("x-goog-api-key");
        if (key == null || key.isEmpty()) {
            return Reply.error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without "
                    + "established identity). Please use API Key or other form of API consumer identity to call this API.");
        }
        if (!key.equals(apiKey)) {
            ObjectNode info = NODES.objectNode().put("@type", "type.googleapis.com/google.rpc.ErrorInfo")
                    .put("reason", "API_KEY_INVALID").put("domain", "googleapis.com");
            return Reply.error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", info);
        }
        if (path.group(2).equals("streamGenerateContent") && !"alt=sse".equals(query)) {
            return Reply.error(400, "INVALID_ARGUMENT", "FakeGeminiServer only streams with ?alt=sse (got " + query + ")");
        }
        if (body == null) {
            return Reply.error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
        }
        String invalid = GeminiRequestValidator.validate(body);
        if (invalid == null) {
            invalid = signatureProblem(body);
        }
        return invalid == null ? null : Reply.error(400, "INVALID_ARGUMENT", invalid);
    }

    /** Every signature must be one handed out, on the kind of part it came on; a signed call must keep its own. */
    private String signatureProblem(JsonNode body) {
        JsonNode contents = body.path("contents");
        for (int i = 0; i < contents.size(); i++) {
            JsonNode parts = contents.get(i).path("parts");
            for (int j = 0; j < parts.size(); j++) {
                JsonNode part = parts.get(j);
                String signature = part.path("thoughtSignature").asText(null);
                String where = "contents[" + i + "].parts[" + j + "]";
                if (part.has("functionCall")) {
                    String problem = callSignatureProblem(part.get("functionCall"), signature, i);
                    if (problem != null) {
                        return problem;
                    }
                } else if (signature != null && part.path("thought").asBoolean(false)) {
                    if (!issuedThoughtSignatures.contains(signature)) {
                        return where + ": Corrupted thought signature.";
                    }
                } else if (signature != null && !issuedTextSignatures.contains(signature)) {
                    return where + ": Corrupted thought signature.";
                }
            }
        }
        return null;
    }

    private String callSignatureProblem(JsonNode call, String signature, int content) {
        String name = call.path("name").asText();
        JsonNode args = call.has("args") ? call.get("args") : NODES.objectNode();
        List<IssuedCall> same = issuedCalls.stream()
                .filter(c -> c.name().equals(name) && c.args().equals(args)).toList();
        if (same.isEmpty()) {
            boolean acceptable = signature == null || FOREIGN_CALL_SIGNATURE.equals(signature);
            return acceptable ? null : "contents[" + content + "]: Corrupted thought signature on function call `" + name + "`.";
        }
        if (FOREIGN_CALL_SIGNATURE.equals(signature)) {
            return null; // Gemini accepts its documented placeholder on any call
        }
        for (IssuedCall issued : same) {
            if (Objects.equals(issued.signature(), signature)) {
                return null;
            }
        }
        return signature == null
                ? "Unable to submit request because function call `" + name + "` in the " + (content + 1)
                        + ". content block is missing a `thought_signature`."
                : "contents[" + content + "]: Corrupted thought signature on function call `" + name + "`.";
    }

    /** Notes the calls and signatures an answer hands out, so later requests may (and must) carry them back. */
    private void remember(Reply reply) {
        if (reply.status() != 200) {
            return;
        }
        List<JsonNode> chunks = new ArrayList<>();
        if (reply.contentType().startsWith("text/event-stream")) {
            for (String line : reply.body().split("\r?\n")) {
                if (line.startsWith("data:")) {
                    JsonNode chunk = parse(line.substring(5));
                    if (chunk != null) {
                        chunks.add(chunk);
                    }
                }
            }
        } else {
            JsonNode body = parse(reply.body());
            if (body != null) {
                chunks.add(body);
            }
        }
        for (JsonNode chunk : chunks) {
            for (JsonNode part : chunk.path("candidates").path(0).path("content").path("parts")) {
                String signature = part.path("thoughtSignature").asText(null);
                if (part.has("functionCall")) {
                    JsonNode call = part.get("functionCall");
                    issuedCalls.add(new IssuedCall(call.path("name").asText(),
                            call.has("args") ? call.get("args") : NODES.objectNode(), signature));
                } else if (signature != null && part.path("thought").asBoolean(false)) {
                    issuedThoughtSignatures.add(signature);
                } else if (signature != null) {
                    issuedTextSignatures.add(signature);
                }
            }
        }
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        if (!reply.contentType().startsWith("text/event-stream")) {
            String body = reply.body();
            if (reply.ending() == Ending.CUT_HALFWAY) {
                exchange.getResponseHeaders().set("content-type", reply.contentType());
                exchange.sendResponseHeaders(reply.status(), body.length());
                exchange.getResponseBody().write(body.substring(0, body.length() / 2).getBytes());
                exchange.getResponseBody().flush();
                throw new IOException("cut on purpose");
            }
            respond(exchange, reply.status(), reply.contentType(), reply.headers(), body);
            return;
        }
        exchange.getResponseHeaders().set("content-type", reply.contentType());
        stream(exchange, reply.status(), reply.headers(), events(reply.body().replace("\r\n", "\n")), Duration.ZERO,
                Pacing.BEFORE_EACH_EVENT, reply.ending(), Duration.ZERO);
    }

    private static JsonNode parse(String raw) {
        try {
            return raw == null || raw.isBlank() ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    public static String errorBody(int code, String status, String message, JsonNode... details) {
        ObjectNode body = NODES.objectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message).put("status", status);
        if (details.length > 0) {
            ArrayNode list = error.putArray("details");
            for (JsonNode detail : details) {
                list.add(detail);
            }
        }
        return body.toString();
    }

    /** A {@code google.rpc.RetryInfo} detail, e.g. {@code retryInfo("17s")}. */
    public static JsonNode retryInfo(String delay) {
        return NODES.objectNode().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put("retryDelay", delay);
    }

    // ---- answers -----------------------------------------------------------------------------------------------

    public static Answer answer() {
        return new Answer();
    }

    /**
     * A model answer, part by part. As a stream each part is its own chunk (text split in two), the finish reason on
     * the last part's chunk and the usage on it (or on a chunk of its own); as a whole body, one candidate.
     */
    public static final class Answer {
        private final ArrayNode parts = NODES.arrayNode();
        private String finishReason = "STOP";
        private String blockReason;
        private ObjectNode usage = usageNode(12, 0, 5, 0);
        private boolean usageAlone;

        public Answer thought(String text) {
            return thought(text, null);
        }

        public Answer thought(String text, String signature) {
            return add(NODES.objectNode().put("text", text).put("thought", true), signature);
        }

        public Answer text(String text) {
            return text(text, null);
        }

        public Answer text(String text, String signature) {
            return add(NODES.objectNode().put("text", text), signature);
        }

        public Answer call(String name, String argsJson) {
            return call(name, argsJson, null);
        }

        public Answer call(String name, String argsJson, String signature) {
            ObjectNode part = NODES.objectNode();
            try {
                part.putObject("functionCall").put("name", name).set("args", JSON.readTree(argsJson));
            } catch (IOException e) {
                throw new IllegalArgumentException(argsJson, e);
            }
            return add(part, signature);
        }

        public Answer finish(String reason) {
            finishReason = reason;
            return this;
        }

        /** A prompt blocked before any candidate ({@code promptFeedback.blockReason}). */
        public Answer blocked(String reason) {
            blockReason = reason;
            return this;
        }

        public Answer usage(int prompt, int cached, int candidates, int thoughts) {
            usage = usageNode(prompt, cached, candidates, thoughts);
            return this;
        }

        /** The usage comes in a chunk of its own after the finish reason (the stream's last chunk carries only usage). */
        public Answer usageInLastChunk() {
            usageAlone = true;
            return this;
        }

        private Answer add(ObjectNode part, String signature) {
            if (signature != null) {
                part.put("thoughtSignature", signature);
            }
            parts.add(part);
            return this;
        }

        /** The SSE body, {@code data:} lines separated as Google does ({@code \r\n\r\n}). */
        public String sse() {
            List<ObjectNode> chunks = new ArrayList<>();
            if (blockReason != null) {
                ObjectNode chunk = NODES.objectNode();
                chunk.putObject("promptFeedback").put("blockReason", blockReason);
                chunk.set("usageMetadata", usage);
                chunks.add(chunk);
            } else {
                List<JsonNode> split = new ArrayList<>();
                for (JsonNode part : parts) {
                    String text = part.path("text").asText("");
                    if (part.has("text") && text.length() > 1) {
                        // the first half bare, the signature (if any) on the second, as Gemini streams it
                        ObjectNode first = NODES.objectNode().put("text", text.substring(0, text.length() / 2));
                        first.setAll(thoughtFlag(part));
                        split.add(first);
                        ObjectNode rest = ((ObjectNode) part.deepCopy()).put("text", text.substring(text.length() / 2));
                        split.add(rest);
                    } else {
                        split.add(part);
                    }
                }
                for (int i = 0; i < split.size(); i++) {
                    ObjectNode chunk = chunk(NODES.arrayNode().add(split.get(i)));
                    if (i == split.size() - 1) {
                        ((ObjectNode) chunk.get("candidates").get(0)).put("finishReason", finishReason);
                    }
                    if (!usageAlone || i < split.size() - 1) {
                        chunk.set("usageMetadata", i == split.size() - 1 ? usage : promptOnly());
                    }
                    chunks.add(chunk);
                }
                if (split.isEmpty()) {
                    ObjectNode chunk = chunk(NODES.arrayNode().add(NODES.objectNode().put("text", "")));
                    ((ObjectNode) chunk.get("candidates").get(0)).put("finishReason", finishReason);
                    chunks.add(chunk);
                }
                if (usageAlone) {
                    ObjectNode last = NODES.objectNode();
                    last.set("usageMetadata", usage);
                    last.put("modelVersion", "gemini-fake");
                    chunks.add(last);
                }
            }
            StringBuilder out = new StringBuilder();
            for (ObjectNode chunk : chunks) {
                out.append("data: ").append(chunk).append("\r\n\r\n");
            }
            return out.toString();
        }

        /** The whole {@code generateContent} body. */
        public String json() {
            if (blockReason != null) {
                ObjectNode body = NODES.objectNode();
                body.putObject("promptFeedback").put("blockReason", blockReason);
                body.set("usageMetadata", usage);
                return body.toString();
            }
            ObjectNode body = chunk(parts.deepCopy());
            ((ObjectNode) body.get("candidates").get(0)).put("finishReason", finishReason);
            body.set("usageMetadata", usage);
            return body.toString();
        }

        private static ObjectNode thoughtFlag(JsonNode part) {
            ObjectNode flag = NODES.objectNode();
            if (part.path("thought").asBoolean(false)) {
                flag.put("thought", true);
            }
            return flag;
        }

        private ObjectNode promptOnly() {
            return NODES.objectNode().put("promptTokenCount", usage.path("promptTokenCount").asInt())
                    .put("totalTokenCount", usage.path("promptTokenCount").asInt());
        }

        private static ObjectNode chunk(ArrayNode parts) {
            ObjectNode chunk = NODES.objectNode();
            ObjectNode candidate = chunk.putArray("candidates").addObject();
            ObjectNode content = candidate.putObject("content");
            content.set("parts", parts);
            content.put("role", "model");
            candidate.put("index", 0);
            chunk.put("modelVersion", "gemini-fake");
            chunk.put("responseId", "fake-" + System.nanoTime());
            return chunk;
        }

        private static ObjectNode usageNode(int prompt, int cached, int candidates, int thoughts) {
            ObjectNode usage = NODES.objectNode().put("promptTokenCount", prompt)
                    .put("candidatesTokenCount", candidates).put("totalTokenCount", prompt + candidates + thoughts);
            if (cached > 0) {
                usage.put("cachedContentTokenCount", cached);
            }
            if (thoughts > 0) {
                usage.put("thoughtsTokenCount", thoughts);
            }
            return usage;
        }
    }
}
