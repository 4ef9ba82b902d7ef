package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only provider of the model is down (every call fails with 500, its circuit breaker opens) and there is no
 * fallback. Codex must say so in its own output, naming the provider and what to do, and give up within a minute
 * (with a 503 it retried for 10+ minutes showing only "Reconnecting... n/5"). Default retry and breaker settings:
 * the run's duration and request counts are the worst case the README states.
 */
class CodexProviderDownE2ETest {

    static final String MODEL = "anthropic/claude-sonnet-4-6";
    static final String PROVIDER_KEY = "sk-ant-provider-down-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeAnthropicServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeAnthropicServer.start(PROVIDER_KEY);
        for (int i = 0; i < 100; i++) {
            upstream.enqueue(FakeAnthropicServer.Reply.error(500, "api_error", "Internal server error", Map.of()));
        }
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", upstream.baseUrl())
                .property("gateway.catalog.models", MODEL)
                .env("ANTHROPIC_API_KEY", PROVIDER_KEY)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void codexNamesTheDownProviderAndGivesUpWithinAMinute(@TempDir Path work) throws Exception {
        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work, "Say hello.", Duration.ofSeconds(90));
        JsonNode providers = JSON.readTree(SseClient.get(gateway.baseUrl() + "/admin/providers").body());
        JsonNode anthropic = providerEntry(providers, "anthropic");
        String context = run.describe() + "\n--- upstream requests: " + upstream.requestCount()
                + "\n--- /admin/providers: " + providers + "\n--- gateway log ---\n" + gateway.log();
        System.out.println(run.describe() + "\nupstream requests: " + upstream.requestCount()
                + ", turns refused by the open breaker: " + anthropic.path("not_permitted_calls").asInt());

        assertFalse(run.timedOut(), context);
        assertTrue(run.elapsed().toSeconds() < 60, "Codex took " + run.elapsed().toSeconds() + " s:\n" + context);
        assertNotEquals(0, run.exitCode(), context);
        JsonNode failed = run.events().stream().filter(e -> "turn.failed".equals(e.path("type").asText()))
                .findFirst().orElse(null);
        assertTrue(failed != null, "no turn.failed:\n" + context);
        String shown = failed.path("error").path("message").asText();
        assertTrue(shown.contains("Provider 'anthropic' is down"), "provider not named: " + shown + "\n" + context);
        assertTrue(shown.contains("fallback"), "no advice: " + shown);
        assertEquals("open", anthropic.path("state").asText(), context);
        // the breaker opens after 10 failed calls (gateway.breaker.minimum-calls); later turns never reach the provider
        assertTrue(upstream.requestCount() <= 12, "upstream requests: " + upstream.requestCount() + "\n" + context);
        assertTrue(anthropic.path("not_permitted_calls").asInt() >= 1, context);
        assertEquals(0, providers.path("open_requests").asInt(), context);

        // 30 s later (gateway.breaker.wait-in-open-seconds) the breaker lets 2 probe calls through; they fail too
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!"half_open".equals(state()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals("half_open", state());
        int before = upstream.requestCount();
        CodexCli.Result again = CodexCli.exec(gateway.baseUrl(), MODEL, work, "Say hello.", Duration.ofSeconds(90));
        String againContext = again.describe() + "\n--- upstream requests: " + upstream.requestCount();
        System.out.println("during half-open: " + again.describe() + "\nupstream requests: "
                + (upstream.requestCount() - before));

        assertFalse(again.timedOut(), againContext);
        assertTrue(again.elapsed().toSeconds() < 60, "Codex took " + again.elapsed().toSeconds() + " s:\n" + againContext);
        assertTrue(again.output().contains("Provider 'anthropic' is down"), againContext);
        assertTrue(upstream.requestCount() - before <= 2, "only the half-open probes reach the provider:\n" + againContext);
        assertEquals("open", state());
    }

    private String state() throws Exception {
        JsonNode providers = JSON.readTree(SseClient.get(gateway.baseUrl() + "/admin/providers").body());
        return providerEntry(providers, "anthropic").path("state").asText();
    }

    private static JsonNode providerEntry(JsonNode providers, String name) {
        for (JsonNode entry : providers.path("providers")) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no provider " + name + " in " + providers);
    }
}
