package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fallback chains and the per-provider circuit breaker, with /admin/providers. */
class FallbackAndBreakerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-secret-7f3a91";
    private static FakeAnthropicServer primary;
    private static FakeAnthropicServer backup;
    private static FakeAnthropicServer flaky;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        primary = ResilienceGateways.upstream(Reply.hang(Duration.ofMillis(10_000)));
        backup = ResilienceGateways.upstream(ResilienceGateways.ok());
        flaky = ResilienceGateways.upstream(ResilienceGateways.status(500, Map.of()));
        String dead = "http://127.0.0.1:" + GatewayProcess.freePort();
        gateway = ResilienceGateways.start(
                Map.of("anthropic", ResilienceGateways.providerRoute("anthropic", primary.baseUrl(),
                                ",first-byte-timeout-ms=1000,max-retries=0"),
                        "backup", ResilienceGateways.providerRoute("backup", backup.baseUrl(), ""),
                        "dead", ResilienceGateways.providerRoute("dead", dead, ""),
                        "flaky", ResilienceGateways.providerRoute("flaky", flaky.baseUrl(), ",max-retries=0")),
                // the headers below name the attempt that answered, which only a stream not committed yet can carry
                // (EarlyCommitTest covers streams committed while the provider is slow)
                Map.of("gateway.stream.commit-after-ms", "60000", "gateway.breaker.minimum-calls", "1000",
                        "gateway.breaker.flaky.minimum-calls", "2",
                        "gateway.breaker.flaky.sliding-window-size", "2",
                        "gateway.breaker.flaky.wait-in-open-seconds", "2",
                        "gateway.breaker.flaky.half-open-calls", "1",
                        "gateway.admin.token", ADMIN_TOKEN),
                """
                gateway.alias.hangs = anthropic/claude-a
                gateway.fallback.hangs = backup/claude-b
                gateway.alias.deadfirst = dead/claude-d
                gateway.fallback.deadfirst = backup/claude-b
                gateway.alias.flakyfirst = flaky/claude-f
                gateway.fallback.flakyfirst = backup/claude-b
                """);
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        primary.close();
        backup.close();
        flaky.close();
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void aHangingProviderTimesOutAndTheFallbackAnswers() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = ResilienceGateways.post(gateway, "hangs", "token-a");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("response.completed"));
        assertEquals("backup", header(response, "x-gateway-provider"));
        assertEquals("claude-b", header(response, "x-gateway-model"));
        assertEquals("1", header(response, "x-gateway-fallback"));
        assertEquals("2", header(response, "x-gateway-attempts"));
        // the provider never answers: without the 1 s first-byte timeout the client would wait out its 60 s
        assertTrue(tookMs >= 1000 && tookMs < 20_000, "first-byte timeout of 1 s, then the fallback: " + tookMs);
    }

    @Test
    void aRefusedConnectionFallsBackAndTheHeadersNameTheAnsweringModel() throws Exception {
        HttpResponse<String> response = ResilienceGateways.post(gateway, "deadfirst", "token-a");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("backup", header(response, "x-gateway-provider"));
        assertEquals("claude-b", header(response, "x-gateway-model"));
        assertEquals("1", header(response, "x-gateway-fallback"));
        // dead: 1 attempt + 2 retries (connect errors are retried), then the fallback: 4 = the per-request cap
        assertEquals("4", header(response, "x-gateway-attempts"));
    }

    @Test
    void theBreakerOpensSkipsTheDeadProviderAndClosesAfterAHalfOpenProbe() throws Exception {
        assertEquals(403, ResilienceGateways.admin(gateway, null).statusCode(), "admin needs the token");
        assertEquals(403, ResilienceGateways.admin(gateway, "wrong").statusCode());

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = ResilienceGateways.post(gateway, "flakyfirst", "token-a");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("backup", header(response, "x-gateway-provider"));
        }
        assertEquals(2, flaky.requestCount());
        JsonNode state = providerState("flaky");
        assertEquals("open", state.path("state").asText(), state.toString());
        assertEquals(100.0, state.path("failure_rate").asDouble());
        assertEquals("upstream_error", state.path("last_error").path("code").asText());

        long start = System.nanoTime();
        HttpResponse<String> skipped = ResilienceGateways.post(gateway, "flakyfirst", "token-a");
        assertEquals(200, skipped.statusCode());
        assertEquals("backup", header(skipped, "x-gateway-provider"));
        assertEquals("1", header(skipped, "x-gateway-attempts"), "no upstream call to the open provider");
        assertEquals(2, flaky.requestCount(), "the open breaker must keep requests away from the dead provider");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 1500);

        flaky.whenEmpty(ResilienceGateways.ok());
        long deadline = System.nanoTime() + 6_000_000_000L;
        while (!"half_open".equals(providerState("flaky").path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("half_open", providerState("flaky").path("state").asText());
        HttpResponse<String> probe = ResilienceGateways.post(gateway, "flakyfirst", "token-a");
        assertEquals(200, probe.statusCode());
        assertEquals("flaky", header(probe, "x-gateway-provider"));
        assertEquals("0", header(probe, "x-gateway-fallback"));
        assertEquals(3, flaky.requestCount());
        assertEquals("closed", providerState("flaky").path("state").asText());
        assertFalse(gateway.log().contains(ADMIN_TOKEN), "admin token in the log");
    }

    private static JsonNode providerState(String name) throws Exception {
        HttpResponse<String> response = ResilienceGateways.admin(gateway, ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode provider : JSON.readTree(response.body()).path("providers")) {
            if (name.equals(provider.path("name").asText())) {
                return provider;
            }
        }
        throw new AssertionError("no provider " + name + " in " + response.body());
    }
}
