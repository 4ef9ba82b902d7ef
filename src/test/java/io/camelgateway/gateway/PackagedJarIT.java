package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code target/camel-ai-gateway.jar} itself (not the test classpath): every Camel component the YAML
 * uses must be inside it, and a {@code routes/} file beside the working directory must override the jar's.
 */
class PackagedJarIT {

    @Test
    void theJarServesATranslatedStreamAndHonoursALocalRouteOverride() throws Exception {
        assertTrue(System.getProperty("gateway.test.jar", "").endsWith("camel-ai-gateway.jar"));
        try (FakeAnthropicServer anthropic = FakeAnthropicServer.start("sk-ant-jar")) {
            Path work = Files.createTempDirectory("gateway-jar");
            Files.createDirectories(work.resolve("routes"));
            Files.writeString(work.resolve("routes/provider-claude.yaml"), """
                    - route:
                        id: provider-claude
                        from:
                          uri: direct:provider-claude
                          steps:
                            - to:
                                uri: kamelet:llm-provider-action
                                parameters:
                                  protocol: anthropic
                                  baseUrl: "%s"
                                  apiKeyName: CLAUDE_KEY
                    """.formatted(anthropic.baseUrl()));
            try (GatewayProcess gateway = GatewayProcess.builder().workDir(work).env("CLAUDE_KEY", "sk-ant-jar")
                    .env("GATEWAY_CATALOG_CONTEXT_WINDOW_ANTHROPIC", "4242").start()) {
                anthropic.enqueue(FakeAnthropicServer.Reply.sse(FakeAnthropicServer.toolUseStream("toolu_9", "exec_command",
                        "{\"cmd\":\"echo hi\"}")));

                SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                        "{\"model\":\"claude/claude-jar-test\",\"stream\":true,\"input\":\"run it\",\"tools\":[{\"type\":"
                                + "\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\"}}]}",
                        Duration.ofSeconds(30));

                assertEquals("response.completed", result.last().type());
                assertEquals("exec_command",
                        result.last().json().path("response").path("output").get(0).path("name").asText());
                assertEquals("claude-jar-test", anthropic.lastRequest().body().path("model").asText());
                assertEquals(200, SseClient.get(gateway.baseUrl() + "/ready").statusCode());
                assertTrue(SseClient.get(gateway.baseUrl() + "/v1/models?client_version=0.169.0").body()
                        .contains("\"context_window\":4242"), "an environment variable named after a setting overrides it");
            }
        }
    }
}
