package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official {@code openai} npm SDK (pinned in {@code e2e/package.json}) against the gateway: {@code e2e/sdk-check.mjs}
 * makes four calls and prints what it saw as JSON; this test scripts the fake upstreams and asserts on that JSON.
 * Chat calls go to the {@code local} provider (FakeChatServer), the Responses call to {@code anthropic}
 * (FakeAnthropicServer), so both translation directions are exercised through a real client's parser.
 */
class OpenAiSdkE2ETest {

    static final String CHAT_MODEL = "local/qwen3-coder";
    static final String RESPONSES_MODEL = "anthropic/claude-haiku-4-5";

    private FakeChatServer chat;
    private FakeAnthropicServer anthropic;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.installClientsOnce();
        RequiredClients.require(Files.isDirectory(CodexCli.projectDir().resolve("e2e/node_modules/openai")),
                "openai npm SDK not installed under e2e/node_modules: run `npm ci --prefix e2e` (.ci/run does)");
        chat = FakeChatServer.start().requireApiKey("sk-local");
        anthropic = FakeAnthropicServer.start("sk-ant-sdk");
        gateway = GatewayProcess.builder()
                .property("gateway.local.base-url", chat.baseUrl())
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .env("LOCAL_API_KEY", "sk-local")
                .env("ANTHROPIC_API_KEY", "sk-ant-sdk")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, chat, anthropic);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void sdkParsesWhatTheGatewaySends() throws Exception {
        chat.enqueue(
                FakeChatServer.Reply.sse(FakeChatServer.stream().toolCall("get_weather", "{\"ci", "ty\":\"Par", "is\"}")
                        .usage(30, 9).build()),
                FakeChatServer.Reply.json(FakeChatServer.textCompletion("pong")));
        anthropic.enqueue(FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder()
                .text("Hello from the gateway.").end("end_turn")));

        JsonNode result = runSdkCheck(gateway.baseUrl(), CHAT_MODEL, RESPONSES_MODEL);
        String context = result.toPrettyString() + "\n--- gateway log ---\n" + gateway.log();

        // (a) streamed tool call reassembled from deltas
        JsonNode a = result.path("streamingTool");
        assertEquals("tool_calls", a.path("finishReason").asText(), context);
        assertEquals(1, a.path("toolCalls").size(), context);
        assertEquals("get_weather", a.at("/toolCalls/0/name").asText(), context);
        assertEquals("Paris", E2eJson.parse(a.at("/toolCalls/0/arguments").asText()).path("city").asText(), context);
        assertFalse(a.at("/toolCalls/0/id").asText().isEmpty(), context);
        JsonNode upstreamTool = chat.requests().get(0).body().path("tools").path(0);
        assertEquals("get_weather", upstreamTool.at("/function/name").asText(), "tool did not reach the provider");
        assertTrue(chat.requests().get(0).body().path("stream").asBoolean(), "streamed upstream");

        // (b) plain completion
        JsonNode b = result.path("plainChat");
        assertEquals("pong", b.path("content").asText(), context);
        assertEquals("stop", b.path("finishReason").asText(), context);

        // (c) Responses stream through the Anthropic codec
        JsonNode c = result.path("responsesStream");
        assertEquals("response.completed", c.path("last").asText(), context);
        assertEquals("Hello from the gateway.", c.path("completedText").asText(), context);
        assertEquals("Hello from the gateway.", c.path("deltas").asText(), context);
        assertEquals("response.created", c.path("types").path(0).asText(), context);
        assertEquals(1, anthropic.requestCount(), context);
        assertEquals("claude-haiku-4-5", anthropic.requests().get(0).body().path("model").asText());

        // (d) the gateway's validation error surfaces as the SDK's APIError
        JsonNode d = result.path("invalidRequest");
        assertTrue(d.path("raised").asBoolean(), context);
        assertTrue(d.path("isApiError").asBoolean(), context);
        assertTrue(d.path("isBadRequest").asBoolean(), context);
        assertEquals(400, d.path("status").asInt(), context);
        assertTrue(d.path("message").asText().contains("messages"), context);
        assertEquals(2, chat.requestCount(), "the invalid request must not reach the provider: " + context);

        E2eJson.assertNoServerErrors(gateway.log());
    }

    /** Runs {@code node e2e/sdk-check.mjs} (60 s at most) and returns the JSON line it printed. */
    static JsonNode runSdkCheck(String gatewayUrl, String chatModel, String responsesModel) throws Exception {
        Path project = CodexCli.projectDir();
        Path out = Files.createTempFile("sdk-check", ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", project.resolve("e2e/sdk-check.mjs").toString()))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")) {
            builder.environment().remove(proxy);
        }
        builder.environment().put("GATEWAY_URL", gatewayUrl);
        builder.environment().put("CHAT_MODEL", chatModel);
        builder.environment().put("RESPONSES_MODEL", responsesModel);
        Process node = builder.start();
        try {
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "sdk-check.mjs did not finish within 60 s");
        } finally {
            if (node.isAlive()) {
                CodexCli.kill(node);
            }
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        System.out.println(printed);
        assertEquals(0, node.exitValue(), printed);
        String last = printed.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElse(null);
        assertTrue(last != null, "no JSON printed:\n" + printed);
        return E2eJson.parse(last);
    }
}
