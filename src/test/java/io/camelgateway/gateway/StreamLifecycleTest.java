package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Client disconnects and SIGTERM during a stream (a port that cannot be bound: StartupAndShutdownTest). */
class StreamLifecycleTest {

    private static final String KEY = "sk-ant-lifecycle";

    /** An upstream answering every turn with {@code textDeltas} text deltas, one every 100 ms. */
    private static FakeAnthropicServer slowUpstream(int textDeltas) {
        String stream = String.join("", slowAnthropicStream(textDeltas).stream().map(frame -> frame + "\n\n").toList());
        return FakeAnthropicServer.start(KEY).whenEmpty(Reply.sse(stream, Duration.ofMillis(100)));
    }

    private static List<String> slowAnthropicStream(int textDeltas) {
        List<String> frames = new ArrayList<>();
        frames.add("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}");
        frames.add("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        for (int i = 0; i < textDeltas; i++) {
            frames.add("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"tick " + i + " \"}}");
        }
        frames.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}");
        frames.add("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":9}}");
        frames.add("event: message_stop\ndata: {\"type\":\"message_stop\"}");
        return frames;
    }

    private static final String REQUEST = "{\"model\":\"anthropic/m\",\"stream\":true,\"input\":\"count slowly\"}";

    @Test
    void aClientThatDisconnectsCancelsTheUpstreamRequest() throws Exception {
        try (FakeAnthropicServer upstream = slowUpstream(100);
             GatewayProcess gateway = GatewayProcess.builder().env("ANTHROPIC_API_KEY", KEY)
                     .property("gateway.anthropic.base-url", upstream.baseUrl()).start()) {
            SseClient.Result partial = SseClient.stream(gateway.baseUrl() + "/v1/responses", REQUEST,
                    Duration.ofSeconds(20), 6);

            assertEquals(6, partial.events().size());
            assertTrue(upstream.awaitDisconnect(5), "the upstream request was not cancelled");
            assertTrue(SseClient.get(gateway.baseUrl() + "/ready").body().contains("\"open_streams\":0"));
        }
    }

    @Test
    void sigtermDrainsOpenStreamsThenEndsThemWithARetryableFailure() throws Exception {
        try (FakeAnthropicServer upstream = slowUpstream(200);
             GatewayProcess gateway = GatewayProcess.builder().env("ANTHROPIC_API_KEY", KEY)
                     .property("gateway.anthropic.base-url", upstream.baseUrl())
                     .property("gateway.shutdown.drain-seconds", "2").start()) {
            CompletableFuture<SseClient.Result> stream = CompletableFuture.supplyAsync(() -> {
                try {
                    return SseClient.stream(gateway.baseUrl() + "/v1/responses", REQUEST, Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (upstream.requestCount() == 0) {
                assertTrue(System.nanoTime() < deadline, "the stream never reached the upstream");
                Thread.sleep(20);
            }
            Thread.sleep(300); // the relay holds the stream open once the upstream answered
            gateway.terminate();
            int ready = 200;
            for (int i = 0; i < 50 && ready == 200; i++) {
                Thread.sleep(100);
                ready = SseClient.get(gateway.baseUrl() + "/ready").statusCode();
            }
            assertEquals(503, ready);
            assertEquals(503, SseClient.post(gateway.baseUrl() + "/v1/responses", REQUEST).statusCode());

            SseClient.Result result = stream.get(30, TimeUnit.SECONDS);
            assertEquals("response.failed", result.last().type());
            assertEquals("server_shutting_down",
                    result.last().json().path("response").path("error").path("code").asText());
            assertTrue(result.last().atMillis() >= 2000, "ended before the drain time");
            assertTrue(gateway.waitForExit(20), "gateway did not exit after the drain");
            assertEquals(0, gateway.process().exitValue(), "a drained stop is a clean stop\n" + gateway.log());
        }
    }
}
