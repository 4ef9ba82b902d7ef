package io.camelgateway.e2e;

import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.json;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.read;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.tool;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.toolCallStream;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.toolNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeChatServer.Reply;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Codex CLI on {@code local/qwen3-coder}, a model not configured in {@code gateway.catalog.models}: the server
 * lists it at {@code GET /v1/models}, so the gateway's catalog has it, and Codex prints no "Model metadata … not
 * found", uses the catalog's prompt and offers {@code apply_patch}. A model the server does not list either is in the
 * catalog once a turn has been served with it (Codex 0.169 matches catalog names exactly, so the very first run of a
 * never-seen name still gets Codex's fallback metadata).
 */
class CodexUnlistedModelE2ETest {

    static final String MODEL = "local/qwen3-coder";
    static final String PATCH = "*** Begin Patch\n*** Add File: hello.txt\n+hello from an unlisted model\n*** End Patch\n";

    private FakeChatServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeChatServer.start().requireApiKey("sk-local").models("llama-3.3-70b", "qwen3-coder");
        gateway = GatewayProcess.builder()
                .property("gateway.local.base-url", upstream.baseUrl())
                .property("gateway.catalog.models", "anthropic/claude-sonnet-4-6")
                .env("LOCAL_API_KEY", "sk-local")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240)
    void codexOffersApplyPatchForAModelTheCatalogDoesNotName(@TempDir Path work) throws Exception {
        upstream.enqueue(
                Reply.sse(toolCallStream("call_patch_1", "apply_patch", json("input", PATCH))),
                Reply.sse(FakeChatServer.stream().text("Added hello.txt.").usage(100, 7).build()));

        awaitCatalogEntry(MODEL);
        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work, "Add hello.txt with apply_patch.",
                Duration.ofSeconds(120));

        String context = run.describe() + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertFalse(run.output().contains("Model metadata"), "Codex found no metadata:\n" + context);
        assertEquals("hello from an unlisted model\n", read(work.resolve("hello.txt"), context), context);

        JsonNode first = upstream.requests().get(0).body();
        JsonNode applyPatch = tool(first, "apply_patch");
        assertNotNull(applyPatch, "apply_patch was not offered: " + toolNames(first));
        assertEquals("qwen3-coder", first.path("model").asText());
        assertTrue(first.path("messages").path(0).path("content").toString().contains("Camel AI gateway"),
                "Codex's base prompt is the catalog's: " + first.path("messages").path(0));
        E2eJson.assertNoServerErrors(gateway.log());
    }

    @Test
    @Timeout(240)
    void aModelNoListNamesIsInTheCatalogOnceServed(@TempDir Path work) throws Exception {
        String model = "local/mystery-model";
        upstream.enqueue(Reply.sse(FakeChatServer.stream().text("First.").usage(100, 7).build()),
                Reply.sse(FakeChatServer.stream().text("Second.").usage(100, 7).build()));
        CodexCli.Result first = CodexCli.exec(gateway.baseUrl(), model, work, "Say something.", Duration.ofSeconds(120));
        assertEquals(0, first.exitCode(), first.describe());

        CodexCli.Result second = CodexCli.exec(gateway.baseUrl(), model, work, "Say more.", Duration.ofSeconds(120));
        String context = second.describe() + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, second.exitCode(), context);
        assertFalse(second.output().contains("Model metadata"), "no metadata on the second run:\n" + context);
        assertNotNull(tool(upstream.requests().get(1).body(), "apply_patch"),
                "apply_patch offered: " + toolNames(upstream.requests().get(1).body()));
    }

    private void awaitCatalogEntry(String slug) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!SseClient.get(gateway.baseUrl() + "/v1/models?client_version=0.169.0").body()
                .contains("\"slug\":\"" + slug + "\"")) {
            assertTrue(System.nanoTime() < deadline, slug + " never listed\n" + gateway.log());
            Thread.sleep(100);
        }
    }
}
