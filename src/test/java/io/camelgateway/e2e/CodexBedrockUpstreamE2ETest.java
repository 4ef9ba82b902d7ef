package io.camelgateway.e2e;

import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.EXEC_ARGS;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.FINAL_TEXT;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.PATCH;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.json;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeBedrockServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Codex CLI → gateway → Amazon Bedrock ConverseStream (the strict {@link FakeBedrockServer}: SigV4 verified,
 * binary eventstream answers): an {@code exec_command} toolUse, an {@code apply_patch} toolUse with
 * {@code {"input": "<patch>"}} that Codex must get back as a custom tool call, then text; checked on the Bedrock
 * side ({@code toolResult} blocks).
 */
class CodexBedrockUpstreamE2ETest {

    static final String MODEL = "bedrock/us.anthropic.claude-sonnet-4-20250514-v1:0";

    private FakeBedrockServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeBedrockServer.start();
        GatewayProcess.Builder builder = GatewayProcess.builder()
                .property("gateway.catalog.models", MODEL + ",anthropic/claude-sonnet-4-6");
        upstream.environment().forEach(builder::env);
        gateway = builder.start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void codexRunsExecCommandAndApplyPatchThroughBedrock(@TempDir Path work) throws Exception {
        upstream.enqueue(
                FakeBedrockServer.toolUse("tooluse_exec_1", "exec_command", EXEC_ARGS),
                FakeBedrockServer.toolUse("tooluse_patch_1", "apply_patch", json("input", PATCH)),
                FakeBedrockServer.text(FINAL_TEXT));

        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work,
                "Write proof.txt with a shell command, then add hello.txt with apply_patch.", Duration.ofSeconds(120));
        System.out.println(run.describe());

        List<FakeBedrockServer.RecordedRequest> requests = upstream.requests();
        String context = run.describe() + "\n--- upstream requests ---\n" + requests.stream()
                .map(r -> (r.rejection() == null ? "accepted " : "REJECTED " + r.rejection() + " ") + r.rawBody())
                .reduce("", (a, b) -> a + b + "\n") + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertEquals("hello-from-gateway\n", read(work.resolve("proof.txt"), context), context);
        assertEquals("hello from apply_patch\n", read(work.resolve("hello.txt"), context), context);

        assertEquals(3, requests.size(), context);
        requests.forEach(r -> assertNull(r.rejection(), () -> "upstream rejected: " + r.rejection() + "\n" + r.rawBody()));
        requests.forEach(r -> assertTrue(r.stream(), "Codex streams"));
        assertNull(requests.get(0).headers().get("x-api-key"));
        assertTrue(requests.get(0).headers().get("authorization").startsWith("AWS4-HMAC-SHA256 "));

        JsonNode first = requests.get(0).body();
        JsonNode applyPatch = tool(first, "apply_patch");
        assertNotNull(applyPatch, "apply_patch was not offered (catalog not used?): " + first.path("toolConfig"));
        assertEquals("string", applyPatch.at("/inputSchema/json/properties/input/type").asText(), applyPatch.toString());
        assertNotNull(tool(first, "exec_command"));

        assertEquals("exec_command", toolUse(requests.get(1).body(), "tooluse_exec_1").path("name").asText());
        String execResult = toolResultText(requests.get(1).body(), "tooluse_exec_1");
        assertTrue(execResult.contains("exited with code 0"), execResult);

        JsonNode patchUse = toolUse(requests.get(2).body(), "tooluse_patch_1");
        assertEquals("apply_patch", patchUse.path("name").asText());
        assertEquals(PATCH, patchUse.at("/input/input").asText(), patchUse.toString());
        String patchResult = toolResultText(requests.get(2).body(), "tooluse_patch_1");
        assertTrue(patchResult.contains("Success"), patchResult);

        List<String> messages = run.completedItems("agent_message").stream().map(i -> i.path("text").asText()).toList();
        assertTrue(messages.contains(FINAL_TEXT), "final message missing from --json output: " + messages);
        E2eJson.assertNoServerErrors(gateway.log());
    }

    static JsonNode tool(JsonNode request, String name) {
        return StreamSupport.stream(request.at("/toolConfig/tools").spliterator(), false)
                .map(t -> t.path("toolSpec")).filter(t -> name.equals(t.path("name").asText())).findFirst().orElse(null);
    }

    static JsonNode toolUse(JsonNode request, String id) {
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("assistant".equals(message.path("role").asText()) && id.equals(block.at("/toolUse/toolUseId").asText())) {
                    return block.path("toolUse");
                }
            }
        }
        throw new AssertionError("no assistant toolUse " + id + " in " + request);
    }

    static String toolResultText(JsonNode request, String toolUseId) {
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("user".equals(message.path("role").asText()) && toolUseId.equals(block.at("/toolResult/toolUseId").asText())) {
                    StringBuilder text = new StringBuilder();
                    block.at("/toolResult/content").forEach(part -> text.append(part.path("text").asText()));
                    return text.toString();
                }
            }
        }
        throw new AssertionError("no user toolResult for " + toolUseId + " in " + request);
    }
}
