package io.camelgateway.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.camelgateway.fakes.LoopbackHttpServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A careless upstream that echoes the credentials it received ({@code Authorization} or {@code x-api-key}) in every
 * error: raw, URL-encoded and JSON-escaped ({@code \/}). Speaks all three protocols, by path: Anthropic
 * {@code /v1/messages}, OpenAI {@code /responses}, chat {@code /chat/completions}. The request's model says what to
 * do: {@code status-NNN} answers that status, {@code midstream} starts a stream and fails it with an error event, {@code textecho} answers with a stream whose text quotes the key.
 */
final class EchoingUpstream extends LoopbackHttpServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    String baseUrl() {
        return origin();
    }

    @Override
    protected void serve(Received received, HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(received.body());
        String model = request.path("model").asText();
        String credentials = received.header("x-api-key");
        if (credentials == null) {
            credentials = received.header("authorization");
        }
        String key = credentials == null ? "" : credentials.replaceFirst("^Bearer ", "");
        String echo = "you sent " + credentials + " (as a query: ?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
                + ")";
        // written into JSON with '/' escaped as some encoders do: only an unparsed relay sees this form
        String escapedEcho = JSON.writeValueAsString(echo).replace("/", "\\/");
        String path = received.path();
        if (model.startsWith("status-")) {
            int status = Integer.parseInt(model.substring("status-".length()));
            respond(exchange, status, "application/json", Map.of(), errorBody(path, status, escapedEcho));
        } else {
            String stream = "textecho".equals(model) ? echoingTextStream(path, JSON.writeValueAsString(echo))
                    : failingStream(path, escapedEcho);
            stream(exchange, 200, Map.of(), List.of(stream), Duration.ZERO, Pacing.BETWEEN_EVENTS, Ending.COMPLETE,
                    Duration.ZERO);
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
