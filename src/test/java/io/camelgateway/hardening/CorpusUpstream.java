package io.camelgateway.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.LoopbackHttpServer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A permissive loopback provider that answers every turn with a short success in its protocol — Anthropic
 * {@code /v1/messages}, OpenAI {@code /v1/responses} and {@code /v1/chat/completions}, streamed or not as asked —
 * and counts requests. The corpus uses it to tell a request the gateway refused from one it let through: a refused
 * request must leave the count unchanged.
 */
final class CorpusUpstream extends LoopbackHttpServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile CountDownLatch hold = new CountDownLatch(0);

    String baseUrl() {
        return origin();
    }

    int requests() {
        return received().size();
    }

    /** From now on, requests wait (at most 30 s) for {@link #release} before they are answered. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        hold.countDown();
    }

    @Override
    protected void serve(Received request, HttpExchange exchange) throws IOException {
        boolean stream = stream(request.body());
        try {
            hold.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String path = request.path();
        if (path.endsWith("/messages")) {
            reply(exchange, stream, FakeAnthropicServer.textStream("ok"), ANTHROPIC_MESSAGE);
        } else if (path.endsWith("/responses")) {
            reply(exchange, stream, RESPONSES_STREAM, RESPONSES_OBJECT);
        } else if (path.endsWith("/chat/completions")) {
            reply(exchange, stream, CHAT_STREAM, CHAT_COMPLETION);
        } else {
            respond(exchange, 404, "application/json", Map.of(),
                    "{\"error\":{\"message\":\"no such path\",\"type\":\"invalid_request_error\"}}");
        }
    }

    private static boolean stream(String raw) {
        try {
            JsonNode body = JSON.readTree(raw);
            return body != null && body.path("stream").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static void reply(HttpExchange exchange, boolean stream, String sse, String json) throws IOException {
        respond(exchange, 200, stream ? "text/event-stream" : "application/json", Map.of(), stream ? sse : json);
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
