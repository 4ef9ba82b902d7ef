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
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
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
 * Real Codex CLI → gateway → Anthropic Messages API (the strict {@link FakeAnthropicServer}): the same three turns as
 * {@link CodexChatUpstreamE2ETest} — {@code exec_command} {@code tool_use}, {@code apply_patch} {@code tool_use} with
 * {@code {"input": "<patch>"}}, then text — checked on the Anthropic side ({@code tool_result} blocks).
 */
class CodexAnthropicUpstreamE2ETest {

    static final String MODEL = "anthropic/claude-sonnet-4-6";
    static final String PROVIDER_KEY = "sk-ant-e2e-provider-key";

    private FakeAnthropicServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeAnthropicServer.start(PROVIDER_KEY);
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", upstream.baseUrl())
                .env("ANTHROPIC_API_KEY", PROVIDER_KEY)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void codexRunsExecCommandAndApplyPatchThroughAnthropic(@TempDir Path work) throws Exception {
        upstream.enqueue(
                Reply.sse(FakeAnthropicServer.toolUseStream("toolu_exec_1", "exec_command", EXEC_ARGS)),
                Reply.sse(FakeAnthropicServer.toolUseStream("toolu_patch_1", "apply_patch", json("input", PATCH))),
                Reply.sse(FakeAnthropicServer.textStream(FINAL_TEXT)));

        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work,
                "Write proof.txt with a shell command, then add hello.txt with apply_patch.", Duration.ofSeconds(120));
        System.out.println(run.describe());

        List<FakeAnthropicServer.RecordedRequest> requests = upstream.requests();
        String context = run.describe() + "\n--- upstream requests ---\n" + requests.stream()
                .map(r -> (r.rejection() == null ? "accepted " : "REJECTED " + r.rejection() + " ") + r.rawBody())
                .reduce("", (a, b) -> a + b + "\n") + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertEquals("hello-from-gateway\n", read(work.resolve("proof.txt"), context), context);
        assertEquals("hello from apply_patch\n", read(work.resolve("hello.txt"), context), context);

        assertEquals(3, requests.size(), context);
        requests.forEach(r -> assertNull(r.rejection(), () -> "upstream rejected: " + r.rejection() + "\n" + r.rawBody()));
        assertEquals(PROVIDER_KEY, requests.get(0).headers().get("x-api-key"));
        assertNull(requests.get(0).headers().get("authorization"), "the client's token must not be forwarded");

        JsonNode first = requests.get(0).body();
        assertEquals("claude-sonnet-4-6", first.path("model").asText());
        JsonNode applyPatch = tool(first, "apply_patch");
        assertNotNull(applyPatch, "apply_patch was not offered (catalog not used?): " + first.path("tools"));
        assertEquals("string", applyPatch.at("/input_schema/properties/input/type").asText(), applyPatch.toString());
        assertNotNull(tool(first, "exec_command"));

        // Turn 2: assistant tool_use then user tool_result for it; turn 3 likewise for apply_patch.
        assertEquals("exec_command", toolUse(requests.get(1).body(), "toolu_exec_1").path("name").asText());
        String execResult = toolResultText(requests.get(1).body(), "toolu_exec_1");
        assertTrue(execResult.contains("exited with code 0"), execResult);

        JsonNode patchUse = toolUse(requests.get(2).body(), "toolu_patch_1");
        assertEquals("apply_patch", patchUse.path("name").asText());
        assertEquals(PATCH, patchUse.at("/input/input").asText(), patchUse.toString());
        String patchResult = toolResultText(requests.get(2).body(), "toolu_patch_1");
        assertTrue(patchResult.contains("Success"), patchResult);

        List<String> messages = run.completedItems("agent_message").stream().map(i -> i.path("text").asText()).toList();
        assertTrue(messages.contains(FINAL_TEXT), "final message missing from --json output: " + messages);
        E2eJson.assertNoServerErrors(gateway.log());
    }

    static JsonNode tool(JsonNode request, String name) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .filter(t -> name.equals(t.path("name").asText())).findFirst().orElse(null);
    }

    /** The assistant {@code tool_use} block with this id. */
    static JsonNode toolUse(JsonNode request, String id) {
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("assistant".equals(message.path("role").asText()) && "tool_use".equals(block.path("type").asText())
                        && id.equals(block.path("id").asText())) {
                    return block;
                }
            }
        }
        throw new AssertionError("no assistant tool_use " + id + " in " + request);
    }

    /** The text of the user {@code tool_result} block for {@code toolUseId} (string or text-block content). */
    static String toolResultText(JsonNode request, String toolUseId) {
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("user".equals(message.path("role").asText()) && "tool_result".equals(block.path("type").asText())
                        && toolUseId.equals(block.path("tool_use_id").asText())) {
                    JsonNode content = block.path("content");
                    if (content.isTextual()) {
                        return content.asText();
                    }
                    StringBuilder text = new StringBuilder();
                    content.forEach(part -> text.append(part.path("text").asText()));
                    return text.toString();
                }
            }
        }
        throw new AssertionError("no user tool_result for " + toolUseId + " in " + request);
    }
}
