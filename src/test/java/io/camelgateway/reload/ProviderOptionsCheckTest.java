package io.camelgateway.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.ProviderRoutes;
import io.camelgateway.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider option that is not of its type is refused where it is written: the gateway does not start with it, and
 * a reloaded provider file holding one is rejected while the previous route keeps serving.
 */
@Timeout(180)
class ProviderOptionsCheckTest {

    private static final String KEY = "sk-ant-options-check";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void aBadValueAtStartupRefusesInOneLineNamingTheFileAndProperty() throws Exception {
        Files.createDirectories(work.resolve("routes"));
        Files.writeString(work.resolve("routes/provider-slow.yaml"),
                ProviderRoutes.route("slow", "anthropic", "http://127.0.0.1:9", "ANTHROPIC_API_KEY",
                        "first-byte-timeout-ms=abc"));
        GatewayProcess gateway = GatewayProcess.builder().workDir(work).env("ANTHROPIC_API_KEY", KEY).noWait().start();
        try {
            assertTrue(gateway.waitForExit(90), "the gateway kept running\n" + gateway.log());
            String log = gateway.log();
            assertEquals(2, gateway.process().exitValue(), log);
            assertTrue(log.contains("Not starting: Provider file routes/provider-slow.yaml: first-byte-timeout-ms: "
                    + "'abc' is not a whole number of at least 0"), log);
            assertEquals(1, log.lines().filter(l -> l.contains("ERROR")).count(), "one error line, the reason\n" + log);
            assertFalse(log.contains("\tat ") || log.contains("Exception"), "no stack trace\n" + log);
            assertFalse(log.contains("ready on"), "nothing looks like serving\n" + log);
        } finally {
            gateway.close();
        }
    }

    @Test
    void aBadValueOnReloadIsRejectedAndThePreviousRouteKeepsServing() throws Exception {
        try (FakeAnthropicServer upstream = FakeAnthropicServer.start(KEY)) {
            Path file = Files.createDirectories(work.resolve("routes")).resolve("provider-slow.yaml");
            Files.writeString(file, ProviderRoutes.route("slow", "anthropic", upstream.baseUrl(), "ANTHROPIC_API_KEY",
                    "first-byte-timeout-ms=30000"));
            try (GatewayProcess gateway = GatewayProcess.builder().workDir(work).env("ANTHROPIC_API_KEY", KEY)
                    .start()) {
                assertEquals(200, turn(gateway, upstream).statusCode(), gateway.log());
                long rejected = rejectedTotal(gateway);

                // the bad file also points at a closed port: were it applied, the next turn would fail
                save(file, ProviderRoutes.route("slow", "anthropic", "http://127.0.0.1:9", "ANTHROPIC_API_KEY",
                        "first-byte-timeout-ms=-1"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (rejectedTotal(gateway) <= rejected) {
                    assertTrue(System.nanoTime() < deadline, "the bad file was not rejected\n" + gateway.log());
                    Thread.sleep(50);
                }

                assertTrue(gateway.log().contains("provider-slow.yaml: first-byte-timeout-ms: '-1' is not a whole "
                        + "number of at least 0"), gateway.log());
                HttpResponse<String> after = turn(gateway, upstream);
                assertEquals(200, after.statusCode(), after.body() + "\n" + gateway.log());
                assertTrue(after.body().contains("ok"), after.body());
            }
        }
    }

    private static void save(Path file, String content) throws Exception {
        Path staged = file.resolveSibling("staged.yaml.new");
        Files.writeString(staged, content);
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static long rejectedTotal(GatewayProcess gateway) throws Exception {
        return new ObjectMapper().readTree(SseClient.get(gateway.baseUrl() + "/ready").body())
                .path("route_reload_rejected_total").asLong();
    }

    private static HttpResponse<String> turn(GatewayProcess gateway, FakeAnthropicServer upstream) throws Exception {
        upstream.enqueue(Reply.sse(FakeAnthropicServer.textStream("ok")));
        String body = "{\"model\":\"slow/claude-sonnet-4-6\",\"stream\":true,\"input\":[{\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/responses"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .header("authorization", "Bearer client-token")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
