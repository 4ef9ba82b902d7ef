package io.camelgateway.observe;

import static io.camelgateway.observe.ObservedGateway.awaitLines;
import static io.camelgateway.observe.ObservedGateway.post;
import static io.camelgateway.observe.ObservedGateway.turn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.GatewayProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code gateway.log.access.format=json}: every access and event line is one JSON object (a client's odd model name
 * included), with the same fields as the text lines; the client's token never appears.
 */
class JsonAccessLogTest {

    private static final String PROVIDER_KEY = "sk-openai-JSON-LOG-SECRET-51f0";
    private static final String CLIENT_TOKEN = "client-token-JSON-SECRET-a9c4";

    @Test
    void accessAndEventLinesAreJsonObjects() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(PROVIDER_KEY).respondWith(received ->
                calls.incrementAndGet() == 2 ? Reply.error(500, "scripted", "server_error", null)
                        : received.body().toString().contains("\"stream\":true")
                        ? Reply.sse(new ResponsesAnswer().text("hello").sse())
                        : Reply.json(new ResponsesAnswer().text("hello").json()));
             GatewayProcess gateway = GatewayProcess.builder()
                     .property("gateway.log.access.format", "json")
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .property("gateway.retry.backoff-base-ms", "20")
                     .env("OPENAI_API_KEY", PROVIDER_KEY).start()) {
            assertEquals(200, post(gateway.baseUrl(), CLIENT_TOKEN, turn("openai/gpt-json", true)).statusCode());
            assertEquals(200, post(gateway.baseUrl(), CLIENT_TOKEN, turn("openai/gpt-json", false)).statusCode());
            // refused before any upstream call (400 or 404, whichever the entry says): logged with what it said
            var refusedAnswer = post(gateway.baseUrl(), CLIENT_TOKEN, turn("no \\\"such\\\" model", false));
            int refusedStatus = refusedAnswer.statusCode();
            assertTrue(refusedStatus == 400 || refusedStatus == 404, refusedAnswer.body());
            String refusedCode = ObservedGateway.JSON.readTree(refusedAnswer.body()).path("error").path("code").asText();

            List<String> lines = awaitLines(gateway, line -> line.startsWith("{\"time\":"), 5);
            List<JsonNode> access = new ArrayList<>();
            List<JsonNode> events = new ArrayList<>();
            for (String line : lines) {
                JsonNode json = ObservedGateway.JSON.readTree(line);
                (json.path("log").asText().equals("access") ? access : events).add(json);
            }
            assertEquals(3, access.size(), String.join("\n", lines));
            JsonNode streamed = access.get(0);
            assertEquals("INFO", streamed.path("level").asText());
            assertEquals("responses", streamed.path("api").asText());
            assertEquals("openai/gpt-json", streamed.path("requested_model").asText());
            assertEquals("openai", streamed.path("provider").asText());
            assertEquals("gpt-json", streamed.path("model").asText());
            assertEquals(200, streamed.path("status").asInt());
            assertTrue(streamed.path("stream").asBoolean());
            assertEquals(42, streamed.path("input_tokens").asLong());
            assertEquals(17, streamed.path("output_tokens").asLong());
            assertTrue(streamed.path("overhead_ms").isNumber() && streamed.path("ttft_ms").isNumber(), line(streamed));
            assertEquals("response.completed", streamed.path("terminal").asText());
            assertEquals(2, access.get(1).path("attempts").asInt(), "a 500, then the retry answered");
            JsonNode refused = access.get(2);
            assertEquals(refusedStatus, refused.path("status").asInt());
            assertEquals(refusedCode, refused.path("error").asText());
            if (refused.has("requested_model")) {
                assertEquals("no \"such\" model", refused.path("requested_model").asText());
            }
            assertEquals(0, refused.path("attempts").asInt());
            assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("upstream_failed")
                    && e.path("level").asText().equals("WARN") && e.path("status").asInt() == 500), lines.toString());
            assertTrue(events.stream().anyMatch(e -> e.path("event").asText().equals("retry")
                    && e.path("wait_ms").isNumber()), lines.toString());
            String log = gateway.log();
            assertFalse(log.contains(CLIENT_TOKEN));
            assertFalse(log.contains(PROVIDER_KEY));
            assertFalse(log.contains(ObservedGateway.PROMPT_CANARY));
        }
    }

    private static String line(JsonNode json) {
        return json.toString();
    }
}
