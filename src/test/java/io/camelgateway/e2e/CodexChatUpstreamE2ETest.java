package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeChatServer.Reply;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * Real Codex CLI → gateway → OpenAI-compatible chat server (the {@code local} provider). The fake model runs a shell
 * command, then edits a file with {@code apply_patch} (which the gateway presents to chat providers as a function
 * with one string {@code input}), then answers in text; Codex must really run both tools.
 */
class CodexChatUpstreamE2ETest {

    static final String MODEL = "local/qwen3-coder";
    static final String EXEC_ARGS = "{\"cmd\":\"echo hello-from-gateway > proof.txt\"}";
    static final String PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hello from apply_patch\n*** End Patch\n";
    static final String FINAL_TEXT = "Both files are in place.";

    private FakeChatServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeChatServer.start().requireApiKey("sk-local").models("qwen3-coder");
        gateway = GatewayProcess.builder()
                .property("gateway.local.base-url", upstream.baseUrl())
                .property("gateway.catalog.models", MODEL)
                .env("LOCAL_API_KEY", "sk-local")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void codexRunsExecCommandAndApplyPatchThroughAChatProvider(@TempDir Path work) throws Exception {
        upstream.enqueue(
                Reply.sse(toolCallStream("call_exec_1", "exec_command", EXEC_ARGS)),
                Reply.sse(toolCallStream("call_patch_1", "apply_patch", json("input", PATCH))),
                Reply.sse(FakeChatServer.stream().text(FINAL_TEXT).usage(100, 7).build()));

        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work,
                "Write proof.txt with a shell command, then add hello.txt with apply_patch.", Duration.ofSeconds(120));

        System.out.println(run.describe());
        String context = run.describe() + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        context += "\n--- upstream requests ---\n" + upstream.requests().stream()
                .map(r -> r.status() + " " + r.rawBody()).reduce("", (a, b) -> a + b + "\n");
        assertEquals("hello-from-gateway\n", read(work.resolve("proof.txt"), context), context);
        assertEquals("hello from apply_patch\n", read(work.resolve("hello.txt"), context), context);

        List<FakeChatServer.RecordedRequest> requests = upstream.requests();
        assertEquals(3, requests.size(), context);
        requests.forEach(r -> assertEquals(200, r.status(), "upstream rejected " + r.rawBody()));
        assertEquals("Bearer sk-local", requests.get(0).header("authorization"), "the provider key, not the client's");

        // The catalog worked: Codex offered apply_patch (freeform), which reached the chat model as a function.
        JsonNode applyPatch = tool(requests.get(0).body(), "apply_patch");
        assertNotNull(applyPatch, "apply_patch was not offered: " + toolNames(requests.get(0).body()));
        assertEquals("string", applyPatch.at("/function/parameters/properties/input/type").asText(), applyPatch.toString());
        assertNotNull(tool(requests.get(0).body(), "exec_command"), toolNames(requests.get(0).body()).toString());
        assertEquals("qwen3-coder", requests.get(0).body().path("model").asText());

        // Turn 2 carries the exec_command call and its output; turn 3 the apply_patch call and its output.
        JsonNode execOutput = toolMessage(requests.get(1).body(), "call_exec_1");
        assertNotNull(execOutput, "no tool message for call_exec_1 in " + requests.get(1).rawBody());
        assertTrue(execOutput.path("content").asText().contains("exited with code 0"), execOutput.toString());
        assertEquals("exec_command", assistantToolCall(requests.get(1).body(), "call_exec_1").at("/function/name").asText());

        JsonNode patchOutput = toolMessage(requests.get(2).body(), "call_patch_1");
        assertNotNull(patchOutput, "no tool message for call_patch_1 in " + requests.get(2).rawBody());
        assertTrue(patchOutput.path("content").asText().contains("Success"), patchOutput.toString());
        JsonNode patchCall = assistantToolCall(requests.get(2).body(), "call_patch_1");
        assertEquals("apply_patch", patchCall.at("/function/name").asText(), patchCall.toString());
        assertEquals(PATCH, E2eJson.parse(patchCall.at("/function/arguments").asText()).path("input").asText());
        assertNotNull(toolMessage(requests.get(2).body(), "call_exec_1"), "history keeps the first tool output");

        List<String> messages = run.completedItems("agent_message").stream().map(i -> i.path("text").asText()).toList();
        assertTrue(messages.contains(FINAL_TEXT), "final message missing from --json output: " + messages);
        E2eJson.assertNoServerErrors(gateway.log());
    }

    /** A chat SSE stream with one tool call whose id is {@code id} (arguments split in two pieces). */
    static List<String> toolCallStream(String id, String name, String arguments) {
        int half = arguments.length() / 2;
        return FakeChatServer.stream().toolCall(name, arguments.substring(0, half), arguments.substring(half))
                .usage(100, 20).build().stream()
                .map(event -> event.replace("\"id\":\"call_1\"", "\"id\":\"" + id + "\"")).toList();
    }

    static String json(String key, String value) {
        return E2eJson.MAPPER.createObjectNode().put(key, value).toString();
    }

    static String read(Path file, String context) throws Exception {
        assertTrue(Files.exists(file), () -> file + " was not created\n" + context);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static JsonNode tool(JsonNode request, String name) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .filter(t -> name.equals(t.at("/function/name").asText())).findFirst().orElse(null);
    }

    static List<String> toolNames(JsonNode request) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .map(t -> t.at("/function/name").asText()).toList();
    }

    static JsonNode toolMessage(JsonNode request, String toolCallId) {
        return StreamSupport.stream(request.path("messages").spliterator(), false)
                .filter(m -> "tool".equals(m.path("role").asText()) && toolCallId.equals(m.path("tool_call_id").asText()))
                .findFirst().orElse(null);
    }

    static JsonNode assistantToolCall(JsonNode request, String toolCallId) {
        for (JsonNode message : request.path("messages")) {
            for (JsonNode call : message.path("tool_calls")) {
                if ("assistant".equals(message.path("role").asText()) && toolCallId.equals(call.path("id").asText())) {
                    return call;
                }
            }
        }
        assertFalse(true, "no assistant tool call " + toolCallId + " in " + request);
        return null;
    }
}
