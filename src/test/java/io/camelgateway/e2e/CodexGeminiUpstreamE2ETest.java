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
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Codex CLI → gateway → Gemini {@code streamGenerateContent} (the strict {@link FakeGeminiServer}): an
 * {@code exec_command} call, an {@code apply_patch} call (a function of one {@code input} string on Gemini's side,
 * a {@code custom_tool_call} for Codex), then text. Each call carries a thought signature, which the fake insists on
 * getting back on that call in the next request, as Gemini 3 does.
 */
class CodexGeminiUpstreamE2ETest {

    static final String MODEL = "gemini/gemini-2.5-pro";
    static final String PROVIDER_KEY = "gm-e2e-provider-key-1234";

    private FakeGeminiServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeGeminiServer.start(PROVIDER_KEY);
        gateway = GatewayProcess.builder()
                .property("gateway.gemini.base-url", upstream.baseUrl())
                .property("gateway.catalog.models", MODEL)
                .env("GEMINI_API_KEY", PROVIDER_KEY)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void codexRunsExecCommandAndApplyPatchThroughGemini(@TempDir Path work) throws Exception {
        upstream.enqueue(
                FakeGeminiServer.answer().thought("I will write the file with a shell command.")
                        .call("exec_command", EXEC_ARGS, "sig-exec-1").usage(900, 0, 12, 40),
                FakeGeminiServer.answer().call("apply_patch", json("input", PATCH), "sig-patch-1"),
                FakeGeminiServer.answer().text(FINAL_TEXT, "sig-final-1"));

        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work,
                "Write proof.txt with a shell command, then add hello.txt with apply_patch.", Duration.ofSeconds(120));
        System.out.println(run.describe());

        List<FakeGeminiServer.RecordedRequest> requests = upstream.requests();
        String context = run.describe() + "\n--- upstream requests ---\n" + requests.stream()
                .map(r -> (r.rejection() == null ? "accepted " : "REJECTED " + r.rejection() + " ") + r.rawBody())
                .reduce("", (a, b) -> a + b + "\n") + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertEquals("hello-from-gateway\n", read(work.resolve("proof.txt"), context), context);
        assertEquals("hello from apply_patch\n", read(work.resolve("hello.txt"), context), context);

        assertEquals(3, requests.size(), context);
        requests.forEach(r -> assertNull(r.rejection(), () -> "upstream rejected: " + r.rejection() + "\n" + r.rawBody()));
        assertEquals(PROVIDER_KEY, requests.get(0).headers().get("x-goog-api-key"));
        assertNull(requests.get(0).headers().get("authorization"), "the client's token must not be forwarded");
        assertTrue(requests.get(0).streamed());
        assertEquals("gemini-2.5-pro", requests.get(0).model());

        JsonNode first = requests.get(0).body();
        JsonNode applyPatch = declaration(first, "apply_patch");
        assertNotNull(applyPatch, "apply_patch was not offered (catalog not used?): " + first.path("tools"));
        assertEquals("string", applyPatch.at("/parameters/properties/input/type").asText(), applyPatch.toString());
        assertNotNull(declaration(first, "exec_command"));

        // turn 2: the exec call back with its signature, answered by its result
        JsonNode execCall = call(requests.get(1).body(), "exec_command");
        assertEquals("sig-exec-1", execCall.path("thoughtSignature").asText(), context);
        assertTrue(responseText(requests.get(1).body(), "exec_command").contains("exited with code 0"));
        // turn 3: the apply_patch call with its raw patch and signature, answered by Codex's result
        JsonNode patchCall = call(requests.get(2).body(), "apply_patch");
        assertEquals(PATCH, patchCall.at("/functionCall/args/input").asText(), patchCall.toString());
        assertEquals("sig-patch-1", patchCall.path("thoughtSignature").asText());
        assertTrue(responseText(requests.get(2).body(), "apply_patch").contains("Success"));

        List<String> messages = run.completedItems("agent_message").stream().map(i -> i.path("text").asText()).toList();
        assertTrue(messages.contains(FINAL_TEXT), "final message missing from --json output: " + messages);
        E2eJson.assertNoServerErrors(gateway.log());
    }

    static JsonNode declaration(JsonNode request, String name) {
        for (JsonNode declaration : request.at("/tools/0/functionDeclarations")) {
            if (name.equals(declaration.path("name").asText())) {
                return declaration;
            }
        }
        return null;
    }

    /** The (last) model functionCall part naming {@code name}. */
    static JsonNode call(JsonNode request, String name) {
        JsonNode found = null;
        for (JsonNode content : request.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                if ("model".equals(content.path("role").asText()) && name.equals(part.at("/functionCall/name").asText())) {
                    found = part;
                }
            }
        }
        if (found == null) {
            throw new AssertionError("no model functionCall " + name + " in " + request);
        }
        return found;
    }

    /** The output text of the (last) user functionResponse for {@code name}. */
    static String responseText(JsonNode request, String name) {
        String found = null;
        for (JsonNode content : request.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                if ("user".equals(content.path("role").asText())
                        && name.equals(part.at("/functionResponse/name").asText())) {
                    found = part.at("/functionResponse/response/output").asText();
                }
            }
        }
        if (found == null) {
            throw new AssertionError("no functionResponse for " + name + " in " + request);
        }
        return found;
    }
}
