package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A strict stand-in for {@code api.openai.com} on 127.0.0.1 (random port): {@code POST /v1/responses}, and
 * {@code POST /v1/chat/completions} as OpenAI also serves it, and {@code POST /v1/responses/compact} (remote
 * compaction, never streamed). Requests are checked as the real API checks them —
 * bearer key; for Responses the {@link ResponsesRequestValidator body rules} (unknown parameters and item types,
 * id prefixes, unpaired calls and outputs, {@code encrypted_content} OpenAI did not make, strict schemas…), which
 * also accept what Codex relays unchanged; for chat the rules of {@link FakeChatServer} — and refused in OpenAI's
 * error shape without consuming a scripted reply. Valid requests take the next {@link #enqueue}d reply, then the
 * {@link #whenEmpty} one (or the {@link #respondWith} responder's); with neither, a 500 makes the test fail loudly.
 * Every answer carries an {@code x-request-id}. {@link ResponsesAnswer} renders a model answer as OpenAI sends it.
 *
 * <pre>{@code
 * try (FakeOpenAiServer openai = FakeOpenAiServer.start("sk-up")) {
 *     openai.whenEmpty(Reply.sse(frames));                       // complete SSE blocks, e.g. a recorded stream
 *     openai.enqueue(Reply.sse(frames).late(Duration.ofMillis(2500)), Reply.sse(frames).cutHalfway());
 *     // point the gateway's OpenAI base URL at openai.baseUrl()  (ends in /v1)
 *     openai.requests().get(0).body();                            // what the gateway sent
 * }
 * }</pre>
 */
public final class FakeOpenAiServer extends LoopbackHttpServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One scripted answer: an SSE stream ({@code events} are complete SSE blocks, sent one by one) or a whole body.
     *
     * @param status     HTTP status; 0 for no answer at all (the connection closes after {@code headDelay})
     * @param headDelay  pause before the response head
     * @param ending     whether a stream ends, is cut halfway or stalls halfway ({@code stall} long)
     */
    public record Reply(int status, String contentType, List<String> events, String body, Map<String, String> headers,
                        Duration eventDelay, Duration headDelay, Ending ending, Duration stall) {

        public Reply {
            events = events == null ? null : List.copyOf(events);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        /** A 200 stream of these SSE blocks (with or without their trailing blank line). */
        public static Reply sse(List<String> events) {
            List<String> blocks = events.stream().map(e -> e.endsWith("\n\n") ? e : e + "\n\n").toList();
            return new Reply(200, "text/event-stream", blocks, null, Map.of(), Duration.ZERO, Duration.ZERO,
                    Ending.COMPLETE, Duration.ZERO);
        }

        /** A 200 stream of a whole SSE body, split into its events (e.g. {@link ResponsesAnswer#sse()}). */
        public static Reply sse(String body) {
            return sse(LoopbackHttpServer.events(body));
        }

        /** A 200 JSON body (a non-streamed response). */
        public static Reply json(String body) {
            return new Reply(200, "application/json", null, body, Map.of(), Duration.ZERO, Duration.ZERO,
                    Ending.COMPLETE, Duration.ZERO);
        }

        /** Any whole body, e.g. an error body a test builds itself. */
        public static Reply body(int status, String contentType, String body) {
            return new Reply(status, contentType, null, body, Map.of(), Duration.ZERO, Duration.ZERO, Ending.COMPLETE,
                    Duration.ZERO);
        }

        /** An error in OpenAI's shape. */
        public static Reply error(int status, String message, String type, String code, Map<String, String> headers) {
            return new Reply(status, "application/json", null, errorBody(message, type, code), headers, Duration.ZERO,
                    Duration.ZERO, Ending.COMPLETE, Duration.ZERO);
        }

        /** An error in OpenAI's shape, with no extra headers. */
        public static Reply error(int status, String message, String type, String code) {
            return error(status, message, type, code, Map.of());
        }

        /** No answer: nothing is sent for {@code duration}, then the connection closes. */
        public static Reply hang(Duration duration) {
            return new Reply(0, "", null, "", Map.of(), Duration.ZERO, duration, Ending.COMPLETE, Duration.ZERO);
        }

        /** This reply, after {@code delay} of silence before the response head. */
        public Reply late(Duration delay) {
            return new Reply(status, contentType, events, body, headers, eventDelay, delay, ending, stall);
        }

        /** This stream with {@code delay} before each event. */
        public Reply paced(Duration delay) {
            return new Reply(status, contentType, events, body, headers, delay, headDelay, ending, stall);
        }

        /** This stream, with the connection dropped after half its events. */
        public Reply cutHalfway() {
            return new Reply(status, contentType, events, body, headers, eventDelay, headDelay, Ending.CUT_HALFWAY, stall);
        }

        /** This stream, silent for {@code silence} after half its events, then closed. */
        public Reply stallHalfway(Duration silence) {
            return new Reply(status, contentType, events, body, headers, eventDelay, headDelay, Ending.STALL_HALFWAY,
                    silence);
        }
    }

    /**
     * One request as received: lower-case header names (first values); {@code body} is null when it was not JSON;
     * {@code rejection} is the error body the server refused it with, or null when it was accepted.
     */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String rawBody,
                                  JsonNode body, String rejection) {

        /** The first value of a header (any case), or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String apiKey;
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile Function<Received, Reply> whenEmpty;

    private FakeOpenAiServer(String apiKey) {
        this.apiKey = apiKey;
    }

    /** Starts a server that accepts only {@code Authorization: Bearer apiKey}. */
    public static FakeOpenAiServer start(String apiKey) {
        return new FakeOpenAiServer(apiKey);
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return origin() + "/v1";
    }

    public FakeOpenAiServer enqueue(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** The answer to valid requests once the queue is empty (by default a 500 saying the script ran out). */
    public FakeOpenAiServer whenEmpty(Reply reply) {
        return respondWith(request -> reply);
    }

    /** Answers valid requests the queue does not cover with a reply made from the request itself. */
    public FakeOpenAiServer respondWith(Function<Received, Reply> responder) {
        whenEmpty = responder;
        return this;
    }

    /** Every request so far, refused ones included, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    @Override
    protected void serve(Received received, HttpExchange exchange) throws IOException {
        JsonNode body = parse(received.body());
        Reply rejection = check(received, body);
        requests.add(new RecordedRequest(received.method(), received.path(), received.firstHeaders(), received.body(),
                body, rejection == null ? null : rejection.body()));
        if (rejection != null) {
            send(exchange, rejection);
            return;
        }
        Reply reply = script.poll();
        Function<Received, Reply> responder = whenEmpty;
        if (reply == null && responder != null) {
            reply = responder.apply(received);
        }
        send(exchange, reply != null ? reply
                : Reply.error(500, "FakeOpenAiServer: no scripted reply left", "server_error", null, Map.of()));
    }

    /** The error a strict server answers with, or null when the request is acceptable. */
    private Reply check(Received request, JsonNode body) {
        boolean chat = "/v1/chat/completions".equals(request.path());
        boolean compact = "/v1/responses/compact".equals(request.path());
        if (!"POST".equals(request.method()) || !chat && !compact && !"/v1/responses".equals(request.path())) {
            return Reply.error(404, "Invalid URL (" + request.method() + " " + request.path() + ")",
                    "invalid_request_error", null, Map.of());
        }
        if (!("Bearer " + apiKey).equals(request.header("authorization"))) {
            return Reply.error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key", Map.of());
        }
        if (chat) {
            String problem = body == null || !body.isObject() ? "We could not parse the JSON body of your request."
                    : FakeChatServer.validate(request.body());
            return problem == null ? null : Reply.error(400, problem, "invalid_request_error", null);
        }
        if (compact && body != null && body.has("stream")) {
            return Reply.error(400, "Unknown parameter: 'stream'.", "invalid_request_error", "unknown_parameter");
        }
        ResponsesRequestValidator.Rejection rejection = ResponsesRequestValidator.validate(body);
        return rejection == null ? null : Reply.body(rejection.status(), "application/json",
                errorBody(rejection.message(), "invalid_request_error", rejection.code(), rejection.param()));
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        sleep(reply.headDelay());
        if (reply.status() == 0) {
            return;
        }
        exchange.getResponseHeaders().set("x-request-id", "req_fake_" + requestIds.incrementAndGet());
        if (reply.events() == null) {
            respond(exchange, reply.status(), reply.contentType(), reply.headers(), reply.body());
            return;
        }
        stream(exchange, reply.status(), reply.headers(), reply.events(), reply.eventDelay(), Pacing.BETWEEN_EVENTS,
                reply.ending(), reply.stall());
    }

    private static JsonNode parse(String raw) {
        try {
            return raw.isBlank() ? null : JSON.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code {"error":{"message","type","code","param"}}} with no offending parameter. */
    public static String errorBody(String message, String type, String code) {
        return errorBody(message, type, code, null);
    }

    /** {@code {"error":{"message","type","code","param"}}}. */
    public static String errorBody(String message, String type, String code, String param) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", type).put("code", code).put("param", param);
        return root.toString();
    }
}
