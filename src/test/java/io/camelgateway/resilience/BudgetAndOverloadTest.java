package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.testing.GatewayProcess;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The per-provider retry share and the concurrency caps answer fast, with Retry-After. */
class BudgetAndOverloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeAnthropicServer failing;
    private static FakeAnthropicServer slow;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        failing = ResilienceGateways.upstream(ResilienceGateways.status(500, Map.of()));
        slow = ResilienceGateways.upstream(ResilienceGateways.ok(400));
        gateway = ResilienceGateways.start(
                Map.of("failing", ResilienceGateways.providerRoute("failing", failing.baseUrl(), ""),
                        "slow", ResilienceGateways.providerRoute("slow", slow.baseUrl(), "")),
                Map.of("gateway.retry.budget.ratio", "0", "gateway.retry.budget.min-retries", "2",
                        "gateway.retry.budget.window-seconds", "60", "gateway.retry.backoff-base-ms", "50",
                        "gateway.breaker.minimum-calls", "1000",
                        "gateway.overload.max-concurrent-requests", "2",
                        "gateway.overload.max-concurrent-requests-per-key", "1",
                        "gateway.overload.retry-after-seconds", "3"),
                "");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        failing.close();
        slow.close();
    }

    @Test
    void onceTheProvidersRetryShareIsSpentFailuresAreAnsweredAtOnce() throws Exception {
        awaitNoOpenRequests();
        HttpResponse<String> first = ResilienceGateways.post(gateway, "failing/m", "token-a");
        assertEquals(502, first.statusCode());
        assertEquals(3, failing.requestCount(), "the budget allows these two retries");

        long start = System.nanoTime();
        HttpResponse<String> second = ResilienceGateways.post(gateway, "failing/m", "token-a");
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(502, second.statusCode());
        assertEquals(4, failing.requestCount(), "no retry once the budget is spent");
        assertEquals("exhausted", second.headers().firstValue("x-gateway-retry-budget").orElse(null));
        assertTrue(second.headers().firstValue("retry-after").isPresent());
        assertTrue(tookMs < 1000, "fast failure expected, took " + tookMs);
    }

    @Test
    void concurrentStreamsPastTheCapsGet429WithRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> open = CompletableFuture.supplyAsync(() -> post("slow/m", "key-one"));
        awaitOpenRequests(1);

        HttpResponse<String> sameKey = ResilienceGateways.post(gateway, "slow/m", "key-one");
        assertEquals(429, sameKey.statusCode(), sameKey.body());
        assertEquals("3", sameKey.headers().firstValue("retry-after").orElse(null));
        assertEquals("too_many_concurrent_requests", JSON.readTree(sameKey.body()).path("error").path("code").asText());

        CompletableFuture<HttpResponse<String>> other = CompletableFuture.supplyAsync(() -> post("slow/m", "key-two"));
        awaitOpenRequests(2);
        HttpResponse<String> global = ResilienceGateways.post(gateway, "slow/m", "key-three");
        assertEquals(429, global.statusCode(), global.body());
        assertTrue(global.headers().firstValue("retry-after").isPresent());

        assertEquals(200, open.get().statusCode());
        assertEquals(200, other.get().statusCode());
        assertEquals(200, ResilienceGateways.post(gateway, "slow/m", "key-one").statusCode(), "slots are given back");
    }

    private static HttpResponse<String> post(String model, String token) {
        try {
            return ResilienceGateways.post(gateway, model, token);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The other test's slots are given back just after its responses arrive; the caps here are tiny. */
    private static void awaitNoOpenRequests() throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> admin = ResilienceGateways.admin(gateway, null);
            if (JSON.readTree(admin.body()).path("open_requests").asInt() == 0) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static void awaitOpenRequests(int count) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> admin = ResilienceGateways.admin(gateway, null);
            if (JSON.readTree(admin.body()).path("open_requests").asInt() >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("requests did not open");
    }
}
