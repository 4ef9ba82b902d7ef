package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.fakes.FakeGeminiServer.Reply;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Responses and Chat clients through the real gateway process to the strict fake Gemini API. */
class ResponsesOverGeminiTest {

    private static final String KEY = "gm-test-secret-key-5678";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeGeminiServer gemini;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        gemini = FakeGeminiServer.start(KEY);
        gateway = GatewayProcess.builder()
                .property("gateway.gemini.base-url", gemini.baseUrl())
                .property("gateway.retry.max-retries", "0")
                .env("GEMINI_API_KEY", KEY)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, gemini);
    }

    @BeforeEach
    void reset() {
        gemini.reset();
    }

    private static ObjectNode request(boolean stream, JsonNode... history) {
        ObjectNode body = JSON.createObjectNode().put("model", "gemini/gemini-2.5-pro").put("stream", stream)
                .put("store", false);
        ArrayNode input = body.putArray("input");
        input.addObject().put("type", "message").put("role", "developer").putArray("content").addObject()
                .put("type", "input_text").put("text", "You are terse.");
        input.addObject().put("type", "message").put("role", "user").putArray("content").addObject()
                .put("type", "input_text").put("text", "List the files.");
        for (JsonNode item : history) {
            input.add(item);
        }
        ObjectNode tool = body.putArray("tools").addObject().put("type", "function").put("name", "exec_command")
                .put("strict", false);
        tool.set("parameters", json("{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},"
                + "\"required\":[\"cmd\"],\"additionalProperties\":false}"));
        body.putObject("reasoning").put("effort", "medium").put("summary", "auto");
        body.putArray("include").add("reasoning.encrypted_content");
        return body;
    }

    @Test
    void aStreamedToolTurnThenItsAnswerRoundTripsTheThoughtSignature() throws Exception {
        gemini.enqueue(FakeGeminiServer.answer().thought("I should list them.")
                .call("exec_command", "{\"cmd\":\"ls\"}", "sig-gemini-1").usage(200, 50, 10, 30));
        SseClient.Result first = SseClient.stream(gateway.baseUrl() + "/v1/responses", request(true).toString(),
                Duration.ofSeconds(30));
        assertEquals(200, first.status(), first.body());
        List<String> types = first.types();
        assertEquals("response.created", types.get(0));
        assertEquals("response.completed", types.get(types.size() - 1), types.toString());
        JsonNode response = first.last().json().path("response");
        JsonNode output = response.path("output");
        assertEquals("reasoning", output.get(0).path("type").asText());
        assertEquals("I should list them.", output.get(0).at("/summary/0/text").asText());
        assertTrue(output.get(0).path("encrypted_content").asText().startsWith("gwr1.gemini."));
        assertEquals("function_call", output.get(1).path("type").asText());
        assertEquals("{\"cmd\":\"ls\"}", output.get(1).path("arguments").asText());
        JsonNode usage = response.path("usage");
        assertEquals(200, usage.path("input_tokens").asInt());
        assertEquals(50, usage.at("/input_tokens_details/cached_tokens").asInt());
        assertEquals(40, usage.path("output_tokens").asInt());
        assertEquals(30, usage.at("/output_tokens_details/reasoning_tokens").asInt());

        FakeGeminiServer.RecordedRequest sent = gemini.requests().get(0);
        assertTrue(sent.streamed());
        assertEquals("alt=sse", sent.query());
        assertEquals(KEY, sent.headers().get("x-goog-api-key"));
        assertNull(sent.headers().get("authorization"), "the client's token must not be forwarded");
        assertEquals("gemini-2.5-pro", sent.model());
        assertEquals("You are terse.", sent.body().at("/systemInstruction/parts/0/text").asText());

        // turn 2: Codex sends the output items back with the tool's result
        gemini.enqueue(FakeGeminiServer.answer().text("Two files."));
        ObjectNode callOutput = JSON.createObjectNode().put("type", "function_call_output")
                .put("call_id", output.get(1).path("call_id").asText()).put("output", "a.txt\nb.txt");
        SseClient.Result second = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                request(true, output.get(0), output.get(1), callOutput).toString(), Duration.ofSeconds(30));
        assertEquals(List.of(), gemini.rejections());
        assertEquals("response.completed", second.types().get(second.types().size() - 1));
        JsonNode contents = gemini.requests().get(1).body().path("contents");
        assertEquals("sig-gemini-1", contents.get(1).at("/parts/0/thoughtSignature").asText());
        assertEquals("a.txt\nb.txt", contents.get(2).at("/parts/0/functionResponse/response/output").asText());
    }

    @Test
    void aWholeAnswer() throws Exception {
        gemini.enqueue(FakeGeminiServer.answer().text("Hello there.").usage(9, 0, 3, 0));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", request(false).toString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response.body());
        assertEquals("completed", body.path("status").asText());
        assertEquals("Hello there.", body.at("/output/0/content/0/text").asText());
        assertEquals(12, body.at("/usage/total_tokens").asInt());
        assertFalse(gemini.requests().get(0).streamed());
    }

    @Test
    void chatClientsGetGeminiToo() throws Exception {
        gemini.enqueue(FakeGeminiServer.answer().text("Chat hello."));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"gemini/gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Chat hello.", json(response.body()).at("/choices/0/message/content").asText());
    }

    @Test
    void messagesClientsGetGeminiToo() throws Exception {
        gemini.enqueue(FakeGeminiServer.answer().thought("Short.").text("Messages hello.", "sig-m"));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/messages",
                "{\"model\":\"gemini/gemini-2.5-pro\",\"max_tokens\":100,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode content = json(response.body()).path("content");
        assertTrue(content.toString().contains("Messages hello."), content.toString());
        assertEquals(List.of(), gemini.rejections());
    }

    @Test
    void rateLimitsCarryGooglesRetryDelay() throws Exception {
        gemini.enqueue(Reply.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for metric generate_content_requests.",
                FakeGeminiServer.retryInfo("17s")));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", request(false).toString());
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("17", response.headers().firstValue("retry-after").orElse(null));
        assertEquals("rate_limit_exceeded", json(response.body()).at("/error/code").asText());
    }

    @Test
    void invalidArgumentIsA400InTheClientsShape() throws Exception {
        gemini.enqueue(Reply.error(400, "INVALID_ARGUMENT", "Request contains an invalid argument."));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", request(false).toString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(json(response.body()).at("/error/message").asText().contains("invalid argument"));
    }

    @Test
    void aBlockedPromptIsA400NamingTheReason() throws Exception {
        gemini.enqueue(FakeGeminiServer.answer().blocked("PROHIBITED_CONTENT"));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", request(false).toString());
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = json(response.body()).path("error");
        assertEquals("prompt_blocked", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("PROHIBITED_CONTENT"));
    }

    @Test
    void aCutStreamEndsInResponseFailed() throws Exception {
        gemini.enqueueCut(FakeGeminiServer.answer().text("The beginning of a long answer").text("and more text")
                .text("and the end"));
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", request(true).toString(),
                Duration.ofSeconds(30));
        assertEquals("response.failed", result.types().get(result.types().size() - 1), result.types().toString());
    }

    @Test
    void aMissingKeyIsAClear400() throws Exception {
        try (GatewayProcess keyless = GatewayProcess.builder().property("gateway.gemini.base-url", gemini.baseUrl())
                .start()) {
            HttpResponse<String> response = SseClient.post(keyless.baseUrl() + "/v1/responses", request(false).toString());
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("provider_key_missing", json(response.body()).at("/error/code").asText());
            assertTrue(json(response.body()).at("/error/message").asText().contains("GEMINI_API_KEY"));
        }
        assertTrue(gemini.requests().isEmpty());
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
