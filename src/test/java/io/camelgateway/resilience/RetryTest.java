package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries on one provider (no fallback chain): delays, counts, and what the client finally gets. */
class RetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "anthropic/claude-a";
    private static FakeAnthropicServer upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = ResilienceGateways.upstream(ResilienceGateways.ok());
        gateway = ResilienceGateways.start(
                Map.of("anthropic", ResilienceGateways.providerRoute("anthropic", upstream.baseUrl(),
                        ",first-byte-timeout-ms=1500,idle-timeout-ms=800")),
                // the first-byte timeout test asserts a 504, which only a stream not committed yet can carry; a slow
                // attempt would commit it after 1 s (EarlyCommitTest covers that)
                Map.of("gateway.stream.commit-after-ms", "60000", "gateway.retry.backoff-base-ms", "200", "gateway.retry.backoff-max-ms", "1000",
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

    @Test
    void rateLimitWithShortRetryAfterIsRetriedAfterThatDelay() throws Exception {
        int before = upstream.requestCount();
        upstream.enqueue(ResilienceGateways.status(429, Map.of("retry-after", "1")),
                ResilienceGateways.status(429, Map.of("retry-after", "1")));

        SseClient.Result result = stream();

        assertEquals(200, result.status());
        assertEquals("response.completed", result.last().type());
        assertEquals(before + 3, upstream.requestCount());
        assertEquals("3", result.headers().firstValue("x-gateway-attempts").orElse(null));
        for (long gap : upstream.gapsMs(before)) {
            assertTrue(gap >= 950 && gap < 1600, "Retry-After: 1 not honoured, gaps " + upstream.gapsMs(before));
        }
    }

    @Test
    void rateLimitWithLongRetryAfterGoesBackToTheClient() throws Exception {
        int before = upstream.requestCount();
        upstream.enqueue(ResilienceGateways.status(429, Map.of("retry-after", "30")));

        long start = System.nanoTime();
        HttpResponse<String> response = ResilienceGateways.post(gateway, MODEL, "token-a");

        assertEquals(429, response.statusCode(), response.body());
        assertEquals("30", response.headers().firstValue("retry-after").orElse(null));
        assertEquals(before + 1, upstream.requestCount());
        // far below the 30 s asked, with room for a loaded machine
        assertTrue((System.nanoTime() - start) / 1_000_000 < 15_000, "a long Retry-After must not be waited for");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThen502() throws Exception {
        int before = upstream.requestCount();
        upstream.whenEmpty(ResilienceGateways.status(500, Map.of()));

        HttpResponse<String> response = ResilienceGateways.post(gateway, MODEL, "token-a");

        assertEquals(502, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("retry-after").isPresent());
        assertEquals(before + 3, upstream.requestCount(), "1 attempt + 2 retries");
        List<Long> gaps = upstream.gapsMs(before);
        // equal jitter: retry n waits between half and all of 200 ms * 2^(n-1)
        assertTrue(gaps.get(0) >= 95 && gaps.get(0) < 600, "first backoff " + gaps);
        assertTrue(gaps.get(1) >= 195 && gaps.get(1) < 800, "second backoff " + gaps);
    }

    @Test
    void overloadedIsRetriedThen503() throws Exception {
        int before = upstream.requestCount();
        upstream.whenEmpty(ResilienceGateways.status(529, Map.of()));

        HttpResponse<String> response = ResilienceGateways.post(gateway, MODEL, "token-a");

        assertEquals(503, response.statusCode(), response.body());
        assertEquals("provider_overloaded", JSON.readTree(response.body()).path("error").path("code").asText());
        assertTrue(response.headers().firstValue("retry-after").isPresent());
        assertEquals(before + 3, upstream.requestCount());
    }

    @Test
    void aStreamCutAfterItStartedFailsInBandAndIsNotRetried() throws Exception {
        int before = upstream.requestCount();
        upstream.enqueue(ResilienceGateways.ok().cutHalfway());

        SseClient.Result result = stream();

        assertEquals(200, result.status());
        assertEquals("response.failed", result.last().type());
        assertEquals(before + 1, upstream.requestCount(), "a started stream must never be retried");
    }

    @Test
    void silenceMidStreamEndsWithAnUpstreamTimeout() throws Exception {
        int before = upstream.requestCount();
        upstream.enqueue(ResilienceGateways.ok().stallHalfway(Duration.ofMillis(4000)));

        SseClient.Result result = stream();

        assertEquals("response.failed", result.last().type());
        assertEquals("upstream_timeout",
                result.last().json().path("response").path("error").path("code").asText(), result.body());
        assertEquals(before + 1, upstream.requestCount());
    }

    @Test
    void noResponseHeadIsAFirstByteTimeoutThenA504() throws Exception {
        int before = upstream.requestCount();
        upstream.whenEmpty(Reply.hang(Duration.ofMillis(5000)));

        long start = System.nanoTime();
        HttpResponse<String> response = ResilienceGateways.post(gateway, MODEL, "token-a");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(504, response.statusCode(), response.body());
        assertEquals("upstream_timeout", JSON.readTree(response.body()).path("error").path("code").asText());
        assertTrue(response.headers().firstValue("retry-after").isPresent());
        assertEquals(before + 3, upstream.requestCount());
        assertTrue(tookMs >= 4500 && tookMs < 9000, "3 × 1.5 s first-byte timeouts plus backoff, took " + tookMs);
    }
}
