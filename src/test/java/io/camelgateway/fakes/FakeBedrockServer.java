package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A strict stand-in for {@code bedrock-runtime.<region>.amazonaws.com}: a real HTTP server on 127.0.0.1 serving
 * {@code POST /model/{modelId}/converse} (JSON) and {@code /converse-stream} (binary eventstream frames, each
 * written in two pieces so readers must join frames split across reads). Every request must carry a valid SigV4
 * signature for the known test credentials ({@link SigV4Verifier}, recomputed here), else 403 as AWS answers; bodies
 * are checked by {@link BedrockRequestValidator} (400 ValidationException). Rejected requests consume no reply.
 */
public final class FakeBedrockServer extends LoopbackHttpServer {

    public static final String ACCESS_KEY_ID = "AKIAFAKEBEDROCK00001";
    public static final String SECRET_ACCESS_KEY = "fakeBedrockSecret/0123456789abcdefghijklmnop";
    public static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH = Pattern.compile("^/model/([^/]+)/(converse|converse-stream)$");

    /** A model answer: Converse content blocks, stop reason and usage. */
    public record Answer(List<ObjectNode> content, String stopReason, ObjectNode usage) {
        public Answer {
            content = List.copyOf(content);
        }
    }

    /** One scripted reply. */
    public sealed interface Reply permits Ok, Failure, StreamException, Cut, Deferred, RawFrames {
    }

    /** These frames as the stream, whatever they hold (damaged ones included). */
    public record RawFrames(List<byte[]> frames) implements Reply {
    }

    /** A reply made from the (valid) request it answers, e.g. to use the tool names the request declared. */
    public record Deferred(java.util.function.Function<JsonNode, Reply> render) implements Reply {
    }

    /** The answer, as a stream or a whole body as the request asks. */
    public record Ok(Answer answer) implements Reply {
    }

    /** An HTTP error, as AWS sends it: {@code x-amzn-ErrorType} and {@code {"message": ...}}. */
    public record Failure(int status, String kind, String message, Map<String, String> headers) implements Reply {
    }

    /** A stream that sends {@code before}'s content, then an exception frame (no messageStop). */
    public record StreamException(Answer before, String kind, String message) implements Reply {
    }

    /** A stream (or body) cut in half. */
    public record Cut(Answer answer) implements Reply {
    }

    /** One request as received; {@code rejection} is why it was refused, or null. */
    public record RecordedRequest(String rawPath, String modelId, boolean stream, Map<String, String> headers,
                                  String rawBody, JsonNode body, String rejection) {
    }

    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> issuedSignatures = new ConcurrentHashMap<>();
    private final Set<String> issuedRedacted = ConcurrentHashMap.newKeySet();
    private final SigV4Verifier verifier;
    private volatile Function<String, List<String>> deltaPieces;

    private FakeBedrockServer(String sessionToken) {
        verifier = new SigV4Verifier(ACCESS_KEY_ID, SECRET_ACCESS_KEY, sessionToken, REGION, "bedrock");
    }

    public static FakeBedrockServer start() {
        return new FakeBedrockServer(null);
    }

    /** A server that also requires this session token (temporary credentials). */
    public static FakeBedrockServer startWithSessionToken(String token) {
        return new FakeBedrockServer(token);
    }

    /** The environment a gateway needs to sign for this server. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
        env.put("AWS_REGION", REGION);
        env.put("BEDROCK_BASE_URL", origin());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    public FakeBedrockServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** How streamed text, reasoning and tool input are cut into deltas (null, the default: in halves or thirds). */
    public FakeBedrockServer deltaPieces(Function<String, List<String>> pieces) {
        deltaPieces = pieces;
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        script.clear();
        requests.clear();
    }

    // ---- building answers ----------------------------------------------------------------------------------------

    public static AnswerBuilder answer() {
        return new AnswerBuilder();
    }

    public static Ok text(String text) {
        return new Ok(answer().text(text).end());
    }

    public static Ok toolUse(String id, String name, String inputJson) {
        return new Ok(answer().toolUse(id, name, inputJson).end());
    }

    public static Failure failure(int status, String kind, String message) {
        return new Failure(status, kind, message, Map.of());
    }

    public static final class AnswerBuilder {
        private final List<ObjectNode> content = new ArrayList<>();
        private ObjectNode usage = NODES.objectNode().put("inputTokens", 25).put("outputTokens", 12).put("totalTokens", 37);
        private String stopReason;

        public AnswerBuilder text(String text) {
            content.add(NODES.objectNode().put("text", text));
            return this;
        }

        public AnswerBuilder toolUse(String id, String name, String inputJson) {
            ObjectNode block = NODES.objectNode();
            ObjectNode use = block.putObject("toolUse").put("toolUseId", id).put("name", name);
            try {
                use.set("input", JSON.readTree(inputJson));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            content.add(block);
            return this;
        }

        public AnswerBuilder reasoning(String text, String signature) {
            ObjectNode block = NODES.objectNode();
            block.putObject("reasoningContent").putObject("reasoningText").put("text", text).put("signature", signature);
            content.add(block);
            return this;
        }

        public AnswerBuilder redacted(String base64) {
            ObjectNode block = NODES.objectNode();
            block.putObject("reasoningContent").put("redactedContent", base64);
            content.add(block);
            return this;
        }

        public AnswerBuilder usage(int input, int output, int cacheRead, int cacheWrite) {
            usage = NODES.objectNode().put("inputTokens", input).put("outputTokens", output)
                    .put("totalTokens", input + output + cacheRead + cacheWrite);
            if (cacheRead > 0) {
                usage.put("cacheReadInputTokens", cacheRead);
            }
            if (cacheWrite > 0) {
                usage.put("cacheWriteInputTokens", cacheWrite);
            }
            return this;
        }

        public AnswerBuilder stopReason(String reason) {
            stopReason = reason;
            return this;
        }

        public Answer end() {
            boolean calls = content.stream().anyMatch(b -> b.has("toolUse"));
            return new Answer(content, stopReason != null ? stopReason : calls ? "tool_use" : "end_turn", usage);
        }
    }

    // ---- handling ----------------------------------------------------------------------------------------------

    @Override
    protected void serve(Received received, HttpExchange exchange) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> headers = received.firstHeaders();
        JsonNode body = parse(received.body());
        Matcher path = PATH.matcher(rawPath);
        String modelId = path.matches() ? URLDecoder.decode(path.group(1), StandardCharsets.UTF_8) : null;
        boolean stream = path.matches() && path.group(2).equals("converse-stream");
        Failure rejection = check(received, rawPath, exchange.getRequestURI().getRawQuery(), path.matches(), body);
        requests.add(new RecordedRequest(rawPath, modelId, stream, headers, received.body(), body,
                rejection == null ? null : rejection.kind() + ": " + rejection.message()));
        if (rejection != null) {
            sendFailure(exchange, rejection);
            return;
        }
        Reply reply = script.poll();
        if (reply == null) {
            reply = failure(500, "InternalServerException", "FakeBedrockServer: no scripted reply left");
        }
        if (reply instanceof Deferred deferred) {
            reply = deferred.render().apply(body);
        }
        remember(reply);
        if (reply instanceof Failure f) {
            sendFailure(exchange, f);
        } else if (reply instanceof Ok ok) {
            if (stream) {
                sendFrames(exchange, frames(ok.answer(), true, deltaPieces), false);
            } else {
                respond(exchange, 200, "application/json", Map.of(), converseBody(ok.answer()).toString());
            }
        } else if (reply instanceof StreamException ex) {
            List<byte[]> frames = frames(ex.before(), false, deltaPieces);
            ObjectNode payload = NODES.objectNode().put("message", ex.message());
            frames.add(frame(Map.of(":message-type", "exception", ":exception-type", ex.kind(),
                    ":content-type", "application/json"), payload.toString()));
            if (stream) {
                sendFrames(exchange, frames, false);
            } else {
                sendFailure(exchange, failure(424, "ModelErrorException", ex.message()));
            }
        } else if (reply instanceof RawFrames raw) {
            sendFrames(exchange, raw.frames(), false);
        } else if (reply instanceof Cut cut) {
            if (stream) {
                sendFrames(exchange, frames(cut.answer(), true, deltaPieces), true);
            } else {
                String whole = converseBody(cut.answer()).toString();
                exchange.getResponseHeaders().set("content-type", "application/json");
                exchange.sendResponseHeaders(200, whole.length());
                exchange.getResponseBody().write(whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8));
                throw new IOException("cut on purpose");
            }
        }
    }

    private Failure check(Received received, String rawPath, String rawQuery, boolean knownPath, JsonNode body) {
        SigV4Verifier.Refusal refusal = verifier.check(received.method(), rawPath, rawQuery, received.headerValues(),
                received.body().getBytes(StandardCharsets.UTF_8));
        if (refusal != null) {
            return failure(403, refusal.kind(), refusal.message());
        }
        if (!"POST".equals(received.method()) || !knownPath) {
            return failure(404, "UnknownOperationException", "Unknown operation " + received.method() + " " + rawPath);
        }
        if (!"application/json".equals(received.header("content-type"))) {
            return failure(400, "ValidationException", "content-type must be application/json");
        }
        String invalid = BedrockRequestValidator.validate(body, this::issued);
        return invalid == null ? null : failure(400, "ValidationException", invalid);
    }

    private boolean issued(JsonNode block) {
        JsonNode reasoning = block.path("reasoningContent");
        if (reasoning.has("redactedContent")) {
            return issuedRedacted.contains(reasoning.path("redactedContent").asText());
        }
        JsonNode text = reasoning.path("reasoningText");
        String expected = issuedSignatures.get(text.path("signature").asText(""));
        return expected != null && expected.equals(text.path("text").asText(null));
    }

    private void remember(Reply reply) {
        Answer answer = reply instanceof Ok ok ? ok.answer() : reply instanceof StreamException ex ? ex.before()
                : reply instanceof Cut cut ? cut.answer() : null;
        if (answer == null) {
            return;
        }
        for (ObjectNode block : answer.content()) {
            JsonNode reasoning = block.path("reasoningContent");
            if (reasoning.has("redactedContent")) {
                issuedRedacted.add(reasoning.path("redactedContent").asText());
            } else if (reasoning.has("reasoningText")) {
                issuedSignatures.put(reasoning.path("reasoningText").path("signature").asText(),
                        reasoning.path("reasoningText").path("text").asText());
            }
        }
    }

    private static void sendFailure(HttpExchange exchange, Failure failure) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(failure.headers());
        headers.put("x-amzn-ErrorType", failure.kind() + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        headers.put("x-amzn-RequestId", "fake-" + System.nanoTime());
        respond(exchange, failure.status(), "application/json", headers,
                NODES.objectNode().put("message", failure.message()).toString());
    }

    /**
     * Each frame written in two pieces, flushed apart (or, after {@link #sliceWrites}, the frames as one byte stream
     * in slices of that size, so a slice may end one frame and begin the next); a cut stream stops after half the
     * frames.
     */
    private void sendFrames(HttpExchange exchange, List<byte[]> frames, boolean cut) throws IOException {
        exchange.getResponseHeaders().set("content-type", "application/vnd.amazon.eventstream");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fake-" + System.nanoTime());
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int limit = cut ? Math.max(1, frames.size() / 2) : frames.size();
        int slice = writeSlice();
        if (slice > 0) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            frames.subList(0, limit).forEach(joined::writeBytes);
            byte[] bytes = joined.toByteArray();
            for (int from = 0; from < bytes.length; from += slice) {
                out.write(bytes, from, Math.min(slice, bytes.length - from));
                out.flush();
            }
            if (cut) {
                throw new IOException("cut on purpose");
            }
            return;
        }
        for (int i = 0; i < limit; i++) {
            byte[] frame = frames.get(i);
            int split = 1 + (i * 7) % (frame.length - 1);
            out.write(frame, 0, split);
            out.flush();
            out.write(frame, split, frame.length - split);
            out.flush();
        }
        if (cut) {
            throw new IOException("cut on purpose");
        }
    }

    // ---- the wire --------------------------------------------------------------------------------------------

    /** The Converse response body for {@code answer}. */
    public static ObjectNode converseBody(Answer answer) {
        ObjectNode body = NODES.objectNode();
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        answer.content().forEach(content::add);
        body.put("stopReason", answer.stopReason());
        body.set("usage", answer.usage());
        body.putObject("metrics").put("latencyMs", 42);
        return body;
    }

    /** The ConverseStream events for {@code answer} as eventstream frames; {@code finished}: messageStop and metadata too. */
    public static List<byte[]> frames(Answer answer, boolean finished) {
        return frames(answer, finished, null);
    }

    /** As {@link #frames(Answer, boolean)}, deltas cut by {@code pieces} (null: text in halves, the rest in thirds). */
    public static List<byte[]> frames(Answer answer, boolean finished, Function<String, List<String>> pieces) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(event("messageStart", NODES.objectNode().put("role", "assistant")));
        for (int i = 0; i < answer.content().size(); i++) {
            ObjectNode block = answer.content().get(i);
            if (block.has("text")) {
                String text = block.path("text").asText();
                for (String piece : pieces == null ? halves(text) : pieces.apply(text)) {
                    frames.add(delta(i, NODES.objectNode().put("text", piece)));
                }
            } else if (block.has("toolUse")) {
                JsonNode use = block.path("toolUse");
                ObjectNode start = NODES.objectNode().put("contentBlockIndex", i);
                start.putObject("start").putObject("toolUse").put("toolUseId", use.path("toolUseId").asText())
                        .put("name", use.path("name").asText());
                frames.add(event("contentBlockStart", start));
                String input = use.path("input").toString();
                for (String piece : pieces == null ? pieces(input) : pieces.apply(input)) {
                    ObjectNode delta = NODES.objectNode();
                    delta.putObject("toolUse").put("input", piece);
                    frames.add(delta(i, delta));
                }
            } else if (block.has("reasoningContent")) {
                JsonNode reasoning = block.path("reasoningContent");
                if (reasoning.has("redactedContent")) {
                    ObjectNode delta = NODES.objectNode();
                    delta.putObject("reasoningContent").put("redactedContent", reasoning.path("redactedContent").asText());
                    frames.add(delta(i, delta));
                } else {
                    JsonNode text = reasoning.path("reasoningText");
                    String reasoningText = text.path("text").asText();
                    for (String piece : pieces == null ? pieces(reasoningText) : pieces.apply(reasoningText)) {
                        ObjectNode delta = NODES.objectNode();
                        delta.putObject("reasoningContent").put("text", piece);
                        frames.add(delta(i, delta));
                    }
                    ObjectNode signature = NODES.objectNode();
                    signature.putObject("reasoningContent").put("signature", text.path("signature").asText());
                    frames.add(delta(i, signature));
                }
            }
            frames.add(event("contentBlockStop", NODES.objectNode().put("contentBlockIndex", i)));
        }
        if (finished) {
            frames.add(event("messageStop", NODES.objectNode().put("stopReason", answer.stopReason())));
            ObjectNode metadata = NODES.objectNode();
            metadata.set("usage", answer.usage());
            metadata.putObject("metrics").put("latencyMs", 42);
            frames.add(event("metadata", metadata));
        }
        return frames;
    }

    /** The text in two pieces, cut at a code point boundary. */
    private static List<String> halves(String text) {
        int half = text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2);
        return List.of(text.substring(0, half), text.substring(half));
    }

    /** The text in three pieces, cut at code point boundaries (a JSON string value may be cut anywhere). */
    private static List<String> pieces(String text) {
        int points = text.codePointCount(0, text.length());
        if (points < 3) {
            return List.of(text);
        }
        int a = text.offsetByCodePoints(0, points / 3);
        int b = text.offsetByCodePoints(0, 2 * points / 3);
        return List.of(text.substring(0, a), text.substring(a, b), text.substring(b));
    }

    private static byte[] delta(int index, ObjectNode delta) {
        ObjectNode event = NODES.objectNode().put("contentBlockIndex", index);
        event.set("delta", delta);
        return event("contentBlockDelta", event);
    }

    /** One event frame, with the {@code p} padding field the real service adds. */
    public static byte[] event(String type, ObjectNode payload) {
        payload.put("p", "abcdefghijklmnopqrstuvwxyz".substring(0, 1 + Math.abs(type.hashCode()) % 25));
        return frame(Map.of(":message-type", "event", ":event-type", type, ":content-type", "application/json"),
                payload.toString());
    }

    public static byte[] frame(Map<String, String> headers, String payload) {
        Map<String, HeaderValue> values = new LinkedHashMap<>();
        headers.forEach((name, value) -> values.put(name, HeaderValue.fromString(value)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Message(values, payload.getBytes(StandardCharsets.UTF_8)).encode(out);
        return out.toByteArray();
    }

    private static JsonNode parse(String raw) {
        try {
            return raw == null || raw.isBlank() ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }
}
