package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeBedrockServer;
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
 * The official {@code openai} npm SDK ({@code e2e/sdk-check.mjs}) against a Bedrock model: Chat (streamed with a
 * tool call, and whole) and a streamed Responses call, all translated to Converse and back from eventstream frames.
 */
class OpenAiSdkBedrockE2ETest {

    static final String MODEL = "bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0";

    private FakeBedrockServer bedrock;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.installClientsOnce();
        RequiredClients.require(Files.isDirectory(CodexCli.projectDir().resolve("e2e/node_modules/openai")),
                "openai npm SDK not installed under e2e/node_modules: run `npm ci --prefix e2e` (.ci/run does)");
        bedrock = FakeBedrockServer.start();
        GatewayProcess.Builder builder = GatewayProcess.builder();
        bedrock.environment().forEach(builder::env);
        gateway = builder.start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, bedrock);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void sdkParsesWhatTheGatewayMakesOfBedrock() throws Exception {
        bedrock.enqueue(FakeBedrockServer.toolUse("tooluse_w", "get_weather", "{\"city\":\"Paris\"}"),
                new FakeBedrockServer.Ok(FakeBedrockServer.answer().text("pong").usage(9, 1, 0, 0).end()),
                FakeBedrockServer.text("Hello from Bedrock — via the gateway."));

        JsonNode result = runSdkCheck();
        String context = result.toPrettyString() + "\n--- upstream ---\n" + bedrock.requests() + "\n--- gateway log ---\n"
                + gateway.log();

        JsonNode a = result.path("streamingTool");
        assertEquals("tool_calls", a.path("finishReason").asText(), context);
        assertEquals(1, a.path("toolCalls").size(), context);
        assertEquals("get_weather", a.at("/toolCalls/0/name").asText(), context);
        assertEquals("tooluse_w", a.at("/toolCalls/0/id").asText(), context);
        assertEquals("Paris", E2eJson.parse(a.at("/toolCalls/0/arguments").asText()).path("city").asText(), context);

        JsonNode b = result.path("plainChat");
        assertEquals("pong", b.path("content").asText(), context);
        assertEquals("stop", b.path("finishReason").asText(), context);
        assertEquals(10, b.at("/usage/total_tokens").asInt(), context);

        JsonNode c = result.path("responsesStream");
        assertEquals("response.completed", c.path("last").asText(), context);
        assertEquals("Hello from Bedrock — via the gateway.", c.path("completedText").asText(), context);
        assertEquals("Hello from Bedrock — via the gateway.", c.path("deltas").asText(), context);

        JsonNode d = result.path("invalidRequest");
        assertTrue(d.path("isBadRequest").asBoolean(), context);

        List<FakeBedrockServer.RecordedRequest> requests = bedrock.requests();
        assertEquals(3, requests.size(), context);
        requests.forEach(r -> assertEquals(null, r.rejection(), context));
        assertTrue(requests.get(0).stream() && !requests.get(1).stream() && requests.get(2).stream(), context);
        assertEquals("get_weather", requests.get(0).body().at("/toolConfig/tools/0/toolSpec/name").asText());
        assertFalse(requests.get(0).rawBody().contains("sk-dummy-client-token"), "the client's token went upstream");
        E2eJson.assertNoServerErrors(gateway.log());
    }

    /** Runs {@code node e2e/sdk-check.mjs} (60 s at most) with every check on the Bedrock model. */
    private JsonNode runSdkCheck() throws Exception {
        Path project = CodexCli.projectDir();
        Path out = Files.createTempFile("sdk-check-bedrock", ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", project.resolve("e2e/sdk-check.mjs").toString()))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")) {
            builder.environment().remove(proxy);
        }
        builder.environment().put("GATEWAY_URL", gateway.baseUrl());
        builder.environment().put("CHAT_MODEL", MODEL);
        builder.environment().put("RESPONSES_MODEL", MODEL);
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
