package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.RawHttp;
import io.camelgateway.testing.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A streaming turn whose provider is slow to produce its first byte: the client gets the stream head and
 * {@code response.created} after {@code gateway.stream.commit-after-ms} (default 1 s), keep-alives while it waits,
 * then the provider's answer in the same stream; retries still happen after the commit, and a final failure ends
 * the stream with {@code response.failed}. A fast failure is still a plain HTTP status.
 */
class EarlyCommitTest {

    private static final String MODEL = "anthropic/claude-a";
    private static FakeAnthropicServer upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = ResilienceGateways.upstream(ResilienceGateways.ok());
        gateway = ResilienceGateways.start(
                Map.of("anthropic", ResilienceGateways.providerRoute("anthropic", upstream.baseUrl(), "")),
                Map.of("gateway.stream.keepalive-ms", "400", "gateway.request.head-timeout-ms", "500",
                        "gateway.retry.backoff-base-ms", "200", "gateway.retry.backoff-max-ms", "400",
                        "gateway.retry.budget.min-retries", "1000", "gateway.breaker.minimum-calls", "1000",
                        "gateway.breaker.sliding-window-size", "1000"),
                "");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        upstream.whenEmpty(ResilienceGateways.ok());
    }

    private static SseClient.Result stream() throws Exception {
        return SseClient.stream(gateway.baseUrl() + "/v1/responses", ResilienceGateways.body(MODEL, true),
                Duration.ofSeconds(30));
    }

    private static Reply late(long ms, Reply then) {
        return then.late(Duration.ofMillis(ms));
    }

    /**
     * The head timeout (500 ms here) times unfinished heads only: two streams slower than it on one HTTP/1.1
     * connection both complete.
     */
    @Test
    void aSlowAnswerOutlastingTheHeadTimeoutIsNotCutAndTheConnectionStaysUsable() throws Exception {
        upstream.enqueue(late(2000, ResilienceGateways.ok()));
        upstream.enqueue(late(1500, ResilienceGateways.ok()));
        try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
            for (int turn = 0; turn < 2; turn++) {
                RawHttp.Response response = client.send(RawHttp.post("/v1/responses",
                        ResilienceGateways.body(MODEL, true).getBytes(StandardCharsets.UTF_8), -1)).read();
                assertEquals(200, response.status(), response.body());
                assertTrue(response.body().contains("response.completed"), response.body());
            }
        }
    }

    @Test
    void aSlowFirstByteGetsResponseCreatedWithinASecondAndKeepAlivesThenTheAnswer() throws Exception {
        upstream.enqueue(late(3000, ResilienceGateways.ok()));

        SseClient.Result result = stream();

        assertEquals(200, result.status());
        assertEquals("early", result.headers().firstValue("x-gateway-stream-committed").orElse(null));
        assertEquals("response.created", result.events().get(0).type());
        assertTrue(result.events().get(0).atMillis() < 1500, "response.created came after "
                + result.events().get(0).atMillis() + " ms");
        long keepAlivesBeforeAnswer = result.events().stream()
                .filter(e -> e.atMillis() < 2900 && "response.in_progress".equals(e.type())).count();
        assertTrue(keepAlivesBeforeAnswer >= 3, "keep-alives while waiting: " + result.types());
        assertEquals(1, result.types().stream().filter("response.created"::equals).count(), result.types().toString());
        assertEquals("response.completed", result.last().type());
        assertEquals("helloworld", outputText(result.last().json()));
        assertConsistent(result);
    }

    @Test
    void aSlowFailureAfterTheCommitIsRetriedInTheSameStream() throws Exception {
        int before = upstream.requestCount();
        upstream.enqueue(late(1500, ResilienceGateways.status(500, Map.of())), ResilienceGateways.ok());

        SseClient.Result result = stream();

        assertEquals(200, result.status());
        assertEquals(before + 2, upstream.requestCount());
        assertEquals(1, result.types().stream().filter("response.created"::equals).count(), result.types().toString());
        assertEquals("response.completed", result.last().type());
        assertEquals("helloworld", outputText(result.last().json()));
        assertConsistent(result);
    }

    @Test
    void aFinalFailureAfterTheCommitEndsTheStreamWithResponseFailed() throws Exception {
        int before = upstream.requestCount();
        upstream.whenEmpty(late(1200, ResilienceGateways.status(500, Map.of())));

        SseClient.Result result = stream();

        assertEquals(200, result.status());
        assertEquals(before + 3, upstream.requestCount(), "first attempt and two retries");
        assertEquals("response.created", result.events().get(0).type());
        assertEquals("response.failed", result.last().type());
        JsonNode error = result.last().json().path("response").path("error");
        assertEquals("upstream_error", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("anthropic"), error.toString());
        assertConsistent(result);
    }

    @Test
    void aSlowRateLimitEndsWithACodeAndWaitCodexRetriesAfter() throws Exception {
        upstream.whenEmpty(late(1200, ResilienceGateways.status(429, Map.of("retry-after", "30"))));

        SseClient.Result result = stream();

        assertEquals("response.failed", result.last().type());
        JsonNode error = result.last().json().path("response").path("error");
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("try again in 30s"), error.toString());
    }

    @Test
    void aFastFailureIsStillAnHttpStatus() throws Exception {
        upstream.enqueue(ResilienceGateways.status(400, Map.of()));

        SseClient.Result result = stream();

        assertEquals(400, result.status());
        assertTrue(result.body().contains("\"error\""), result.body());
    }

    @Test
    void aSlowChatStreamGetsACommentFirstAndAnErrorChunkWhenItFinallyFails() throws Exception {
        upstream.enqueue(late(2500, ResilienceGateways.ok()));
        SseClient.Result answered = chat();

        assertEquals(200, answered.status());
        assertEquals("early", answered.headers().firstValue("x-gateway-stream-committed").orElse(null));
        assertTrue(answered.body().startsWith(": waiting for the provider"), answered.body());
        assertEquals("assistant", answered.events().get(0).json().path("choices").path(0).path("delta")
                .path("role").asText(), answered.body());
        assertEquals("[DONE]", answered.last().data());

        upstream.whenEmpty(late(1200, ResilienceGateways.status(500, Map.of())));
        SseClient.Result failed = chat();

        assertEquals(200, failed.status());
        assertEquals("[DONE]", failed.last().data());
        JsonNode error = failed.events().get(failed.events().size() - 2).json().path("error");
        assertEquals("upstream_error", error.path("code").asText(), failed.body());
    }

    private static SseClient.Result chat() throws Exception {
        return SseClient.stream(gateway.baseUrl() + "/v1/chat/completions", "{\"model\":\"" + MODEL
                + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Duration.ofSeconds(30));
    }

    private static String outputText(JsonNode completed) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : completed.path("response").path("output")) {
            for (JsonNode part : item.path("content")) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    /** One response id throughout and sequence numbers 0, 1, 2, ... with no gap or repeat. */
    private static void assertConsistent(SseClient.Result result) {
        List<Long> numbers = new ArrayList<>();
        String id = result.events().get(0).json().path("response").path("id").asText();
        for (SseClient.Received event : result.events()) {
            numbers.add(event.json().path("sequence_number").asLong(-1));
            JsonNode response = event.json().path("response");
            if (response.has("id")) {
                assertEquals(id, response.path("id").asText(), "response id changed in " + event.data());
            }
        }
        for (int i = 0; i < numbers.size(); i++) {
            assertEquals(i, numbers.get(i), "sequence numbers " + numbers);
        }
    }
}
