package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAzureOpenAiServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code openai} npm SDK's checks ({@code e2e/sdk-check.mjs}, as {@link OpenAiSdkE2ETest} runs them) against Azure
 * OpenAI on a deployment's chat completions: chat calls are relayed to the deployment, the Responses stream is
 * translated to chat completions and back, and the SDK parses all of it.
 */
class OpenAiSdkAzureE2ETest {

    static final String KEY = "azure-sdk-key-0123456789abcdef";
    static final String DEPLOYMENT = "gpt4o-sdk";

    private FakeAzureOpenAiServer azure;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.installClientsOnce();
        RequiredClients.require(Files.isDirectory(CodexCli.projectDir().resolve("e2e/node_modules/openai")),
                "openai npm SDK not installed under e2e/node_modules: run `npm ci --prefix e2e` (.ci/run does)");
        azure = FakeAzureOpenAiServer.start(KEY, null, DEPLOYMENT);
        gateway = GatewayProcess.builder()
                .env("AZURE_OPENAI_ENDPOINT", azure.endpoint())
                .env("AZURE_OPENAI_API_KEY", KEY)
                .property("gateway.azure.api", "chat")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, azure);
    }

    @Test
    @Timeout(240)
    void sdkParsesWhatTheGatewaySendsFromAzure() throws Exception {
        azure.enqueue(
                FakeAzureOpenAiServer.chatStream(FakeChatServer.stream().toolCall("get_weather", "{\"ci", "ty\":\"Par",
                        "is\"}").usage(30, 9).build()),
                Reply.json(FakeChatServer.textCompletion("pong").toString()),
                FakeAzureOpenAiServer.chatStream(FakeChatServer.stream().text("Hello from ").text("Azure.")
                        .usage(12, 4).build()));

        JsonNode result = OpenAiSdkE2ETest.runSdkCheck(gateway.baseUrl(), "azure/" + DEPLOYMENT, "azure/" + DEPLOYMENT);
        String context = result.toPrettyString() + "\n--- Azure requests ---\n" + azure.requests()
                + "\n--- gateway log ---\n" + gateway.log();

        JsonNode a = result.path("streamingTool");
        assertEquals("tool_calls", a.path("finishReason").asText(), context);
        assertEquals("Paris", E2eJson.parse(a.at("/toolCalls/0/arguments").asText()).path("city").asText(), context);
        assertEquals("pong", result.at("/plainChat/content").asText(), context);

        JsonNode c = result.path("responsesStream");
        assertEquals("response.completed", c.path("last").asText(), context);
        assertEquals("Hello from Azure.", c.path("completedText").asText(), context);
        assertEquals("Hello from Azure.", c.path("deltas").asText(), context);

        JsonNode d = result.path("invalidRequest");
        assertTrue(d.path("isBadRequest").asBoolean(), context);

        assertEquals(3, azure.requests().size(), "the invalid request must not reach Azure: " + context);
        azure.requests().forEach(r -> {
            assertEquals(null, r.rejection(), context);
            assertEquals("/openai/deployments/" + DEPLOYMENT + "/chat/completions", r.path());
        });
        assertTrue(azure.requests().get(2).body().has("messages"), "the Responses call was translated to chat");
        E2eJson.assertNoServerErrors(gateway.log());
    }
}
