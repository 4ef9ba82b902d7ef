package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI Responses streams pass through event by event with only the model rewritten, and always end terminally. */
class OpenAiPassthroughTest {

    private static List<String> vectorFrames() throws Exception {
        String text = Files.readString(Path.of("src/test/resources/vectors/openai-responses/"
                + "reasoning-encrypted-summary-then-function-call.sse"), StandardCharsets.UTF_8).replace("\r\n", "\n");
        List<String> frames = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            if (!block.isBlank()) {
                frames.add(block.strip());
            }
        }
        return frames;
    }

    private static final String OPENAI_KEY = "sk-openai-gateway-key";

    private static final String REQUEST = "{\"model\":\"openai/gpt-5-test\",\"stream\":true,\"input\":["
            + "{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[],\"encrypted_content\":\"gwr1.anthropic.e30\"},"
            + "{\"type\":\"reasoning\",\"id\":\"rs_2\",\"summary\":[],\"encrypted_content\":\"gAAAAopenai\"},"
            + "{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}],\"store\":false}";

    @Test
    void aSlowPassedThroughStreamContinuesTheEarlyCommittedOne() throws Exception {
        List<String> frames = vectorFrames();
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(OPENAI_KEY).whenEmpty(Reply.sse(frames));
             GatewayProcess gateway = GatewayProcess.builder()
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .property("gateway.stream.keepalive-ms", "500")
                     .env("OPENAI_API_KEY", OPENAI_KEY).start()) {
            // a first turn warms the gateway up, so the timing below measures the commit, not a cold start
            assertEquals(frames.size(), SseClient.stream(gateway.baseUrl() + "/v1/responses", REQUEST,
                    Duration.ofSeconds(20)).events().size());
            openai.enqueue(Reply.sse(frames).late(Duration.ofMillis(2500)));
            SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", REQUEST, Duration.ofSeconds(20));

            assertEquals("response.created", result.events().get(0).type());
            assertTrue(result.events().get(0).atMillis() < 1500, "committed after " + result.events().get(0).atMillis());
            assertEquals(1, result.types().stream().filter("response.created"::equals).count(), result.types().toString());
            assertEquals("response.completed", result.last().type());
            String id = result.events().get(0).json().path("response").path("id").asText();
            for (int i = 0; i < result.events().size(); i++) {
                JsonNode event = result.events().get(i).json();
                assertEquals(i, event.path("sequence_number").asInt(-1), result.body());
                if (event.path("response").has("id")) {
                    assertEquals(id, event.path("response").path("id").asText(), result.body());
                }
            }
        }
    }

    @Test
    void responsesStreamPassesThroughWithTheModelRewritten() throws Exception {
        List<String> frames = vectorFrames();
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(OPENAI_KEY).whenEmpty(Reply.sse(frames));
             GatewayProcess gateway = GatewayProcess.builder()
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .env("OPENAI_API_KEY", OPENAI_KEY).start()) {
            SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", REQUEST, Duration.ofSeconds(20));

            assertEquals(frames.size(), result.events().size());
            assertEquals("response.completed", result.last().type());
            JsonNode sent = openai.requests().get(0).body();
            assertEquals("gpt-5-test", sent.path("model").asText());
            assertEquals(2, sent.path("input").size(), "another provider's reasoning must be dropped");
            assertEquals("gAAAAopenai", sent.path("input").get(0).path("encrypted_content").asText());
            assertEquals("Bearer sk-openai-gateway-key", openai.requests().get(0).headers().get("authorization"));
        }
    }

    @Test
    void aStreamCutBeforeItsTerminalEventEndsInResponseFailed() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(OPENAI_KEY)
                .whenEmpty(Reply.sse(vectorFrames()).cutHalfway());
             GatewayProcess gateway = GatewayProcess.builder()
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .env("OPENAI_API_KEY", OPENAI_KEY).start()) {
            SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", REQUEST, Duration.ofSeconds(20));

            assertEquals("response.failed", result.last().type());
            assertFalse(result.types().contains("response.completed"));
            assertTrue(result.last().json().path("response").path("error").path("message").asText().contains("openai"));
            assertEquals("stream_interrupted", result.last().json().path("response").path("error").path("code").asText());
        }
    }
}
