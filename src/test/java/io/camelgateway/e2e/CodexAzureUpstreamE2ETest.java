package io.camelgateway.e2e;

import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.EXEC_ARGS;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.FINAL_TEXT;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.PATCH;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.conformance.OpenAiWireRenderer;
import io.camelgateway.conformance.ScriptedTurn;
import io.camelgateway.fakes.FakeAzureOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Codex CLI → gateway → Azure OpenAI (the strict {@link FakeAzureOpenAiServer}): a shell command, an
 * {@code apply_patch} that creates a file, then a final answer. By default Codex goes to the v1 Responses API
 * (apply_patch stays a custom tool call); with {@code gateway.azure.api=chat} the same turns go through a deployment's
 * chat completions (apply_patch a function with one {@code input}).
 */
class CodexAzureUpstreamE2ETest {

    static final String MODEL = "azure/gpt-5";
    static final String DEPLOYMENT = "gpt5-e2e";
    static final String KEY = "azure-e2e-key-0123456789abcdef";

    private FakeAzureOpenAiServer azure;
    private GatewayProcess gateway;

    private void start(String api) throws Exception {
        CodexCli.binary();
        azure = FakeAzureOpenAiServer.start(KEY, null, DEPLOYMENT);
        gateway = GatewayProcess.builder()
                .env("AZURE_OPENAI_ENDPOINT", azure.endpoint())
                .env("AZURE_OPENAI_API_KEY", KEY)
                .property("gateway.azure.deployments", "gpt-5=" + DEPLOYMENT)
                .property("gateway.azure.api", api)
                .property("gateway.catalog.models", MODEL)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, azure);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void codexRunsExecCommandAndApplyPatchThroughAzureV1Responses(@TempDir Path work) throws Exception {
        start("auto");
        List<FakeAzureOpenAiServer.RecordedRequest> requests = run(work);

        requests.forEach(r -> assertEquals("/openai/v1/responses", r.path()));
        JsonNode first = requests.get(0).body();
        JsonNode applyPatch = StreamSupport.stream(first.path("tools").spliterator(), false)
                .filter(t -> "apply_patch".equals(t.path("name").asText())).findFirst().orElse(null);
        assertNotNull(applyPatch, "apply_patch was not offered: " + first.path("tools"));
        assertEquals("custom", applyPatch.path("type").asText(), "Codex's freeform tool reaches Azure as it is");
        JsonNode patchOutput = item(requests.get(2).body(), "custom_tool_call_output", "call_patch_1");
        assertNotNull(patchOutput, requests.get(2).rawBody());
        assertTrue(patchOutput.toString().contains("Success"), patchOutput.toString());
        assertNotNull(item(requests.get(1).body(), "function_call_output", "call_exec_1"), requests.get(1).rawBody());
    }

    @Test
    @Timeout(240)
    void codexRunsExecCommandAndApplyPatchThroughAzureChatCompletions(@TempDir Path work) throws Exception {
        start("chat");
        List<FakeAzureOpenAiServer.RecordedRequest> requests = run(work);

        requests.forEach(r -> assertEquals("/openai/deployments/" + DEPLOYMENT + "/chat/completions", r.path()));
        requests.forEach(r -> assertEquals("api-version=2024-10-21", r.query()));
        JsonNode patchCall = CodexChatUpstreamE2ETest.assistantToolCall(requests.get(2).body(), "call_patch_1");
        assertEquals("apply_patch", patchCall.at("/function/name").asText(), patchCall.toString());
        assertEquals(PATCH, E2eJson.parse(patchCall.at("/function/arguments").asText()).path("input").asText());
        assertNotNull(CodexChatUpstreamE2ETest.toolMessage(requests.get(2).body(), "call_patch_1"));
    }

    private List<FakeAzureOpenAiServer.RecordedRequest> run(Path work) throws Exception {
        for (ScriptedTurn turn : List.of(
                ScriptedTurn.builder().toolCall("call_exec_1", "exec_command", EXEC_ARGS).end(),
                ScriptedTurn.builder().customToolCall("call_patch_1", "apply_patch", PATCH).end(),
                ScriptedTurn.builder().text(FINAL_TEXT).end())) {
            azure.enqueue(request -> request.chat() ? Reply.sse(OpenAiWireRenderer.chatEvents(turn, DEPLOYMENT))
                    : Reply.sse(OpenAiWireRenderer.responsesEvents(turn, DEPLOYMENT)));
        }
        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work,
                "Write proof.txt with a shell command, then add hello.txt with apply_patch.", Duration.ofSeconds(120));
        System.out.println(run.describe());

        List<FakeAzureOpenAiServer.RecordedRequest> requests = azure.requests();
        String context = run.describe() + "\n--- upstream requests ---\n" + requests.stream()
                .map(r -> r.path() + (r.rejection() == null ? " accepted " : " REJECTED " + r.rejection() + " ")
                        + r.rawBody()).reduce("", (a, b) -> a + b + "\n") + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertEquals("hello-from-gateway\n", read(work.resolve("proof.txt"), context), context);
        assertEquals("hello from apply_patch\n", read(work.resolve("hello.txt"), context), context);
        assertEquals(3, requests.size(), context);
        requests.forEach(r -> assertNull(r.rejection(), () -> "Azure rejected: " + r.rejection() + "\n" + r.rawBody()));
        requests.forEach(r -> assertEquals(KEY, r.header("api-key")));
        requests.forEach(r -> assertNull(r.header("authorization"), "the client's token must not be forwarded"));
        List<String> messages = run.completedItems("agent_message").stream().map(i -> i.path("text").asText()).toList();
        assertTrue(messages.contains(FINAL_TEXT), "final message missing from --json output: " + messages);
        E2eJson.assertNoServerErrors(gateway.log());
        return requests;
    }

    private static JsonNode item(JsonNode body, String type, String callId) {
        return StreamSupport.stream(body.path("input").spliterator(), false)
                .filter(i -> type.equals(i.path("type").asText()) && callId.equals(i.path("call_id").asText()))
                .findFirst().orElse(null);
    }
}
