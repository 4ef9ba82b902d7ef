package io.camelgateway.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.testing.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's data with the ledger off comes from the gateway's memory; without an admin token the dashboard is
 * off (404, like the key API).
 */
class DashboardWithoutLedgerTest {

    private static final String ADMIN_TOKEN = "admin-token-dashboard-no-ledger-77";
    private static final String ANTHROPIC_KEY = "sk-ant-dashboard-no-ledger-6666";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FakeAnthropicServer anthropic;
    private static GatewayProcess withoutLedger;
    private static GatewayProcess withoutToken;

    @BeforeAll
    static void start() throws Exception {
        anthropic = FakeAnthropicServer.start(ANTHROPIC_KEY).whenEmpty(FakeAnthropicServer.Reply.sse(
                new FakeAnthropicServer.SseBuilder().text("hello").end("end_turn")));
        withoutLedger = GatewayProcess.builder().property("gateway.ledger.enabled", "false")
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.prices.file", Path.of("prices.yaml").toAbsolutePath().toString())
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN).env("ANTHROPIC_API_KEY", ANTHROPIC_KEY).start();
        withoutToken = GatewayProcess.builder().property("gateway.ledger.enabled", "false")
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .env("ANTHROPIC_API_KEY", ANTHROPIC_KEY).start();
    }

    @AfterAll
    static void stop() throws Exception {
        withoutLedger.close();
        withoutToken.close();
        anthropic.close();
    }

    @Test
    void spendComesFromMemoryWhenTheLedgerIsOff() throws Exception {
        JsonNode empty = JSON.readTree(get(withoutLedger, "/ui/api/summary?period=30d", ADMIN_TOKEN).body());
        assertEquals(0, empty.path("totals").path("turns").asLong(), empty.toString());
        assertTrue(empty.path("failed").isEmpty());
        assertTrue(empty.path("latency").path("overhead_ms").path("p50").isNull(), "no turns, no percentiles");

        for (String model : new String[] {"auto", "anthropic/claude-opus-4-7"}) {
            HttpResponse<String> turn = HTTP.send(HttpRequest.newBuilder(URI.create(withoutLedger.baseUrl() + "/v1/responses"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"" + model + "\",\"stream\":true,\"store\":false,\"input\":[{\"type\":\"message\","
                                    + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(turn.body().contains("response.completed"), turn.body());
        }
        JsonNode summary = awaitRequests(2);
        assertEquals("window", summary.path("source").asText());
        assertEquals(2, summary.path("totals").path("turns").asLong(), summary.toString());
        // the fake reports 10 input and 20 output tokens: haiku 10×$1 + 20×$5, opus 10×$5 + 20×$25 per million
        assertEquals(0.00011 + 0.00055, summary.path("totals").path("cost_usd").asDouble(), 1e-12);
        assertEquals(1, summary.path("split").path("cheap").path("turns").asLong());
        assertEquals(1, summary.path("split").path("direct").path("turns").asLong());
        assertEquals(0.00055 - 0.00011, summary.path("savings").path("saved_usd").asDouble(), 1e-12);
        assertEquals(2, summary.path("by_model").size());
        assertEquals(2, summary.path("by_owner").get(0).path("turns").asLong(), "no keys: one unnamed caller");
        // a stream committed to the client before the upstream answered carries no overhead figure
        assertTrue(summary.path("latency").path("overhead_ms").path("count").asLong() >= 1, summary.toString());
        assertEquals(2, summary.path("latency").path("time_to_first_token_ms").path("count").asLong());
        assertEquals(2, summary.path("requests").path("total").asLong());
    }

    @Test
    void withoutAnAdminTokenTheDashboardIsOff() throws Exception {
        assertEquals(404, get(withoutToken, "/ui", null).statusCode());
        assertEquals(404, get(withoutToken, "/ui/app.js", null).statusCode());
        HttpResponse<String> api = get(withoutToken, "/ui/api/summary", "anything");
        assertEquals(404, api.statusCode());
        assertTrue(api.body().contains("GATEWAY_ADMIN_TOKEN"), api.body());
    }

    /** The summary once the window counted {@code requests} (a turn is told after its answer went out). */
    private static JsonNode awaitRequests(int requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            JsonNode summary = JSON.readTree(get(withoutLedger, "/ui/api/summary?period=1h", ADMIN_TOKEN).body());
            if (summary.path("requests").path("total").asInt() >= requests) {
                return summary;
            }
            assertTrue(System.nanoTime() < deadline, "the window did not count " + requests + " requests: " + summary);
            Thread.sleep(25);
        }
    }

    private static HttpResponse<String> get(GatewayProcess gateway, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).GET();
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
