package io.camelgateway.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a provider without a rebuild or a restart: one YAML file dropped into {@code routes/} of a running gateway
 * (an OpenAI-compatible server and an Anthropic-compatible one, as the README shows) serves a Codex turn within
 * seconds, and the catalog lists the new server's models.
 */
@Timeout(180)
class ProviderDropInTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aProviderFileDroppedIntoRoutesServesTurnsWithoutARestart() throws Exception {
        FakeChatServer vllm = FakeChatServer.start().requireApiKey("sk-vllm").models("qwen3-coder-30b");
        FakeAnthropicServer claude = FakeAnthropicServer.start("sk-ant-dropin");
        Path routes = Files.createDirectories(work.resolve("routes"));
        GatewayProcess gateway = GatewayProcess.builder().workDir(work)
                .env("VLLM_API_KEY", "sk-vllm").env("CLAUDE_PROXY_KEY", "sk-ant-dropin").noWait().start();
        try {
            gateway.awaitReady(Duration.ofSeconds(120)); // the file watcher makes the start slower on a busy machine
            assertEquals(404, turn(gateway, "vllm/qwen3-coder-30b").statusCode(), "no such provider yet");

            drop(routes, "provider-vllm.yaml", """
                    - route:
                        id: provider-vllm
                        from:
                          uri: direct:provider-vllm
                          steps:
                            - to:
                                uri: kamelet:llm-provider-action
                                parameters:
                                  protocol: openai-chat
                                  baseUrl: "%s"
                                  apiKeyName: VLLM_API_KEY
                                  key-required: true
                    """.formatted(vllm.baseUrl()));
            drop(routes, "provider-claude-proxy.yaml", """
                    - route:
                        id: provider-claude-proxy
                        from:
                          uri: direct:provider-claude-proxy
                          steps:
                            - to:
                                uri: kamelet:llm-provider-action
                                parameters:
                                  protocol: anthropic
                                  baseUrl: "%s"
                                  apiKeyName: CLAUDE_PROXY_KEY
                    """.formatted(claude.baseUrl()));

            vllm.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("from vllm").usage(10, 2).build()));
            HttpResponse<String> viaChat = awaitServed(gateway, "vllm/qwen3-coder-30b");
            assertTrue(viaChat.body().contains("from vllm"), viaChat.body());
            assertEquals("qwen3-coder-30b", vllm.lastRequest().body().path("model").asText());
            assertEquals("Bearer sk-vllm", vllm.lastRequest().header("authorization"));

            claude.enqueue(FakeAnthropicServer.Reply.sse(FakeAnthropicServer.textStream("from claude")));
            HttpResponse<String> viaAnthropic = awaitServed(gateway, "claude-proxy/claude-sonnet-4-6");
            assertTrue(viaAnthropic.body().contains("from claude"), viaAnthropic.body());
            assertEquals(null, claude.lastRequest().rejection(), claude.lastRequest().rawBody());

            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!SseClient.get(gateway.baseUrl() + "/v1/models?client_version=0.169.0").body()
                    .contains("\"slug\":\"vllm/qwen3-coder-30b\"")) {
                assertTrue(System.nanoTime() < deadline, "the new server's models are not in the catalog");
                Thread.sleep(100);
            }
        } finally {
            Closeables.closeAll(gateway, vllm, claude);
        }
    }

    /** Sends a streamed Codex-like turn until the provider file has been loaded (bounded), and returns the answer. */
    private static HttpResponse<String> awaitServed(GatewayProcess gateway, String model) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response = turn(gateway, model);
        while (response.statusCode() == 404) {
            assertTrue(System.nanoTime() < deadline, "the dropped file was not loaded\n" + gateway.log());
            Thread.sleep(200);
            response = turn(gateway, model);
        }
        assertEquals(200, response.statusCode(), response.body() + "\n" + gateway.log());
        JsonNode last = null;
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: {")) {
                last = JSON.readTree(line.substring(6));
            }
        }
        assertTrue(last != null && "response.completed".equals(last.path("type").asText()), response.body());
        return response;
    }

    private static HttpResponse<String> turn(GatewayProcess gateway, String model) throws Exception {
        return SseClient.post(gateway.baseUrl() + "/v1/responses", "{\"model\":\"" + model + "\",\"stream\":true,"
                + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"hi\"}]}]}");
    }

    /** Writes the file beside and moves it in, as an editor or a deploy does (no half-written file is seen). */
    private static void drop(Path routes, String name, String yaml) throws Exception {
        Path staged = routes.getParent().resolve(name + ".new");
        Files.writeString(staged, yaml);
        Files.move(staged, routes.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
