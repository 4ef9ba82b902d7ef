package io.camelgateway.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.LoopbackHttpServer;
import io.camelgateway.fakes.LoopbackHttpServer.Received;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Careless upstreams, one strict fake per protocol (Anthropic, OpenAI, OpenAI-compatible chat), that echo the credentials
 * they received ({@code Authorization} or {@code x-api-key}) in every error: raw, URL-encoded and JSON-escaped
 * ({@code \/}). The request's model says what to do: {@code status-NNN} answers that status, {@code midstream}
 * starts a stream and fails it with an error event, {@code textecho} answers with a stream whose text quotes the key.
 * Requests a fake refuses (wrong key, a body the real API rejects) are listed by {@link #refused}.
 */
final class EchoingUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final FakeAnthropicServer anthropic;
    final FakeOpenAiServer openai;
    final FakeChatServer chat;

    EchoingUpstream(String anthropicKey, String openaiKey, String chatKey) {
        anthropic = FakeAnthropicServer.start(anthropicKey).respondWith(request -> {
            Echo echo = Echo.of(request);
            return echo.status() > 0
                    ? FakeAnthropicServer.Reply.rawError(echo.status(), "application/json",
                            errorBody("/v1/messages", echo.status(), echo.escaped()), Map.of())
                    : FakeAnthropicServer.Reply.sse(echo.stream("/v1/messages"));
        });
        openai = FakeOpenAiServer.start(openaiKey).respondWith(request -> {
            Echo echo = Echo.of(request);
            return echo.status() > 0
                    ? FakeOpenAiServer.Reply.body(echo.status(), "application/json",
                            errorBody(request.path(), echo.status(), echo.escaped()))
                    : FakeOpenAiServer.Reply.sse(LoopbackHttpServer.events(echo.stream(request.path())));
        });
        chat = FakeChatServer.start().requireApiKey(chatKey).respondWith(request -> {
            Echo echo = Echo.of(request);
            return echo.status() > 0
                    ? FakeChatServer.Reply.error(echo.status(),
                            errorBody("/v1/chat/completions", echo.status(), echo.escaped()), Map.of())
                    : FakeChatServer.Reply.rawSse(echo.stream("/v1/chat/completions"));
        });
    }

    /** The requests a fake refused; none should be, or the echo was never played. */
    List<String> refused() {
        List<String> refused = new ArrayList<>();
        anthropic.requests().stream().filter(r -> r.rejection() != null).forEach(r -> refused.add(r.rejection()));
        openai.requests().stream().filter(r -> r.rejection() != null).forEach(r -> refused.add(r.rejection()));
        // the chat fake records the status it answered with: anything but the one the model asked for was a refusal
        chat.requests().stream().filter(r -> r.status() != Math.max(200, Echo.statusOf(r.body().path("model").asText())))
                .forEach(r -> refused.add(r.status() + " " + r.rawBody()));
        return refused;
    }

    @Override
    public void close() {
        Stream.of(anthropic, openai, chat).forEach(LoopbackHttpServer::close);
    }

    /** What one request asked for, and the credentials it carried as the upstream quotes them. */
    private record Echo(String model, String raw, String escaped) {

        static Echo of(Received request) {
            try {
                JsonNode body = JSON.readTree(request.body());
                String credentials = request.header("x-api-key");
                if (credentials == null) {
                    credentials = request.header("authorization");
                }
                String key = credentials == null ? "" : credentials.replaceFirst("^Bearer ", "");
                String echo = "you sent " + credentials + " (as a query: ?key="
                        + URLEncoder.encode(key, StandardCharsets.UTF_8) + ")";
                // written into JSON with '/' escaped as some encoders do: only an unparsed relay sees this form
                return new Echo(body.path("model").asText(), JSON.writeValueAsString(echo),
                        JSON.writeValueAsString(echo).replace("/", "\\/"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int status() {
            return statusOf(model);
        }

        /** The status a {@code status-NNN} model asks for, else 0. */
        static int statusOf(String model) {
            return model.startsWith("status-") ? Integer.parseInt(model.substring("status-".length())) : 0;
        }

        String stream(String path) {
            return "textecho".equals(model) ? echoingTextStream(path, raw) : failingStream(path, escaped);
        }
    }

    private static String errorBody(String path, int status, String message) {
        if (path.endsWith("/messages")) {
            return "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":" + message + "}}";
        }
        return "{\"error\":{\"message\":" + message + ",\"type\":\"invalid_request_error\",\"code\":\"e" + status + "\"}}";
    }

    /** A successful stream whose answer text quotes the key (model {@code textecho}). */
    private static String echoingTextStream(String path, String message) {
        if (path.endsWith("/messages")) {
            return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"textecho\",\"content\":[],\"stop_reason\":null,"
                    + "\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n"
                    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":" + message + "}}\n\n"
                    + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                    + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                    + "\"usage\":{\"output_tokens\":5}}\n\n"
                    + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        }
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":" + message + "}}]}\n\n"
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n";
    }

    private static String failingStream(String path, String message) {
        if (path.endsWith("/messages")) {
            return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"midstream\",\"content\":[],\"stop_reason\":null,"
                    + "\"usage\":{\"input_tokens\":1,\"output_tokens\":0}}}\n\n"
                    + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                    + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"hel\"}}\n\n"
                    + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
                    + message + "}}\n\n";
        }
        if (path.endsWith("/responses")) {
            return "event: response.created\ndata: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\","
                    + "\"status\":\"in_progress\"}}\n\n"
                    + "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":" + message + "}\n\n"
                    + "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\","
                    + "\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":" + message + "}}}\n\n";
        }
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"hel\"}}]}\n\n"
                + "data: {\"error\":{\"message\":" + message + ",\"type\":\"server_error\"}}\n\n";
    }
}
