package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Responses client through the real gateway process to a strict fake Anthropic API. */
class ResponsesOverAnthropicTest {

    private static final String KEY = "sk-ant-test-secret-1234";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeAnthropicServer anthropic;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        anthropic = FakeAnthropicServer.start(KEY);
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.stream.keepalive-ms", "300")
                // status mapping is tested here; the gateway's own retries are covered in resilience/
                .property("gateway.retry.max-retries", "0")
                .env("ANTHROPIC_API_KEY", KEY)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        anthropic.close();
    }

    private static String url() {
        return gateway.baseUrl() + "/v1/responses";
    }

    private static String request(boolean stream) {
        return "{\"model\":\"anthropic/claude-test-1\",\"stream\":" + stream + ",\"input\":[{\"type\":\"message\","
                + "\"role\":\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"be brief\"}]},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],"
                + "\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"cmd\":{\"type\":\"string\"}}}}],\"reasoning\":{\"effort\":\"medium\"},"
                + "\"include\":[\"reasoning.encrypted_content\"],\"store\":false,\"client_metadata\":{\"a\":\"b\"}}";
    }

    @Test
    void streamsEventsAsTheUpstreamProducesThem() throws Exception {
        String stream = new FakeAnthropicServer.SseBuilder().text("one").text("two").text("three").end("end_turn");
        anthropic.enqueue(Reply.sse(stream, Duration.ofMillis(250)));

        SseClient.Result result = SseClient.stream(url(), request(true), Duration.ofSeconds(30));

        assertEquals(200, result.status());
        List<SseClient.Received> deltas = result.events().stream()
                .filter(e -> "response.output_text.delta".equals(e.type())).toList();
        assertEquals(3, deltas.size());
        long spread = deltas.get(2).atMillis() - deltas.get(0).atMillis();
        assertTrue(spread >= 400, "deltas arrived together (buffered): " + deltas);
        assertTrue(result.last().atMillis() - deltas.get(0).atMillis() >= 400,
                "first delta was not sent before the end of the stream");
        assertEquals("anthropic", result.headers().firstValue("x-gateway-provider").orElse(null));
        assertEquals("claude-test-1", result.headers().firstValue("x-gateway-model").orElse(null));
        JsonNode sent = anthropic.lastRequest().body();
        assertEquals("claude-test-1", sent.path("model").asText());
        assertEquals(KEY, anthropic.lastRequest().headers().get("x-api-key"));
        assertFalse(anthropic.lastRequest().headers().containsKey("authorization"), "client token forwarded");
    }

    @Test
    void streamFollowsTheResponsesEventGrammar() throws Exception {
        anthropic.enqueue(Reply.sse(new FakeAnthropicServer.SseBuilder().thinking("hmm", "sig-abc")
                .text("calling").toolUse("toolu_1", "exec_command", "{\"cmd\":\"ls\"}")
                .toolUse("toolu_2", "exec_command", "{\"cmd\":\"pwd\"}").end("tool_use")));

        SseClient.Result result = SseClient.stream(url(), request(true), Duration.ofSeconds(30));

        List<String> types = result.types();
        assertEquals("response.created", types.get(0));
        assertEquals("response.completed", types.get(types.size() - 1));
        assertEquals(1, types.stream().filter(t -> t.equals("response.completed") || t.equals("response.failed")
                || t.equals("response.incomplete")).count());
        long previous = -1;
        Map<Integer, String> added = new HashMap<>();
        Set<Integer> done = new HashSet<>();
        for (SseClient.Received event : result.events()) {
            long sequence = event.json().path("sequence_number").asLong();
            assertTrue(sequence > previous, "sequence numbers must increase");
            previous = sequence;
            int index = event.json().path("output_index").asInt(-1);
            if ("response.output_item.added".equals(event.type())) {
                added.put(index, event.json().path("item").path("type").asText());
            } else if ("response.output_item.done".equals(event.type())) {
                assertTrue(added.containsKey(index) && done.add(index), "done without added or twice: " + index);
            } else if (index >= 0) {
                assertTrue(added.containsKey(index) && !done.contains(index), "delta for a closed item " + event);
            }
        }
        assertEquals(added.keySet(), done);
        JsonNode output = result.last().json().path("response").path("output");
        assertEquals(4, output.size());
        assertEquals("reasoning", output.get(0).path("type").asText());
        assertTrue(output.get(0).path("encrypted_content").asText().startsWith("gwr1.anthropic."));
        assertEquals("message", output.get(1).path("type").asText());
        assertEquals("toolu_1", output.get(2).path("call_id").asText());
        assertEquals("{\"cmd\":\"ls\"}", output.get(2).path("arguments").asText());
        assertEquals("toolu_2", output.get(3).path("call_id").asText());
        assertTrue(result.last().json().path("response").path("usage").path("input_tokens").asLong() > 0);
    }

    @Test
    void nonStreamingAnswerIsAResponseObject() throws Exception {
        anthropic.enqueue(Reply.json("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test-1\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hello there\"}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}"));

        HttpResponse<String> response = SseClient.post(url(), request(false));

        assertEquals(200, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("completed", body.path("status").asText());
        assertEquals("hello there", body.path("output").get(0).path("content").get(0).path("text").asText());
        assertEquals(12, body.path("usage").path("input_tokens").asInt());
    }

    @Test
    void maxTokensStopEndsIncomplete() throws Exception {
        anthropic.enqueue(Reply.sse(new FakeAnthropicServer.SseBuilder().text("partial").end("max_tokens")));

        SseClient.Result result = SseClient.stream(url(), request(true), Duration.ofSeconds(30));

        assertEquals("response.incomplete", result.last().type());
        assertEquals("max_output_tokens",
                result.last().json().path("response").path("incomplete_details").path("reason").asText());
    }

    @Test
    void anUpstreamErrorMidStreamEndsInResponseFailed() throws Exception {
        anthropic.enqueue(Reply.sse(new FakeAnthropicServer.SseBuilder().text("so far").error("overloaded_error",
                "Overloaded")));

        SseClient.Result result = SseClient.stream(url(), request(true), Duration.ofSeconds(30));

        assertEquals("response.failed", result.last().type());
        assertNotNull(result.last().json().path("response").path("error").path("code").asText(null));
    }

    @Test
    void keepsTheClientAliveDuringUpstreamSilence() throws Exception {
        String stream = new FakeAnthropicServer.SseBuilder().text("slow").end("end_turn");
        anthropic.enqueue(Reply.sse(stream, Duration.ofMillis(700)));

        SseClient.Result result = SseClient.stream(url(), request(true), Duration.ofSeconds(30));

        long keepAlives = result.types().stream().filter("response.in_progress"::equals).count();
        assertTrue(keepAlives >= 3, "expected keep-alive events, got " + result.types());
        assertEquals("response.completed", result.last().type());
    }

    @Test
    void upstreamRateLimitKeepsRetryAfter() throws Exception {
        anthropic.enqueue(Reply.error(429, "rate_limit_error", "slow down", Map.of("retry-after", "7")));

        HttpResponse<String> response = SseClient.post(url(), request(true));

        assertEquals(429, response.statusCode());
        assertEquals("7", response.headers().firstValue("retry-after").orElse(null));
        assertEquals("rate_limit_exceeded", JSON.readTree(response.body()).path("error").path("code").asText());
    }

    @Test
    void rejectedProviderKeyIsNotRetryableAndNeverShown() throws Exception {
        anthropic.enqueue(Reply.error(401, "authentication_error", "invalid x-api-key " + KEY, Map.of()));

        HttpResponse<String> response = SseClient.post(url(), request(true));

        assertEquals(400, response.statusCode());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals("provider_auth_failed", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("anthropic"));
        assertTrue(error.path("message").asText().contains("operator"));
        assertFalse(response.body().contains(KEY));
        assertFalse(gateway.log().contains(KEY), "provider key in the gateway log");
    }

    @Test
    void overloadAndServerErrorsMapToRetryableStatuses() throws Exception {
        anthropic.enqueue(Reply.error(529, "overloaded_error", "Overloaded", Map.of()));
        assertEquals(503, SseClient.post(url(), request(true)).statusCode());
        anthropic.enqueue(Reply.error(500, "api_error", "boom", Map.of()));
        assertEquals(502, SseClient.post(url(), request(true)).statusCode());
    }

    @Test
    void contextOverflowIsContextLengthExceeded() throws Exception {
        anthropic.enqueue(Reply.error(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum",
                Map.of()));

        HttpResponse<String> response = SseClient.post(url(), request(true));

        assertEquals(400, response.statusCode());
        assertEquals("context_length_exceeded", JSON.readTree(response.body()).path("error").path("code").asText());
    }
}
