package io.camelgateway.e2e;

import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.EXEC_ARGS;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.FINAL_TEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.AnthropicPromptCacheModel.CacheUsage;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
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
 * Real Codex CLI → gateway → a fake Anthropic API with prompt-cache semantics: a two-request session (a tool call,
 * then the answer) where the second request reads the prefix the first one wrote, through the breakpoints the
 * gateway placed.
 */
class CodexPromptCacheE2ETest {

    private static final String KEY = "sk-ant-e2e-pcache-key";

    private FakeAnthropicServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeAnthropicServer.start(KEY).withPromptCache();
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", upstream.baseUrl())
                .env("ANTHROPIC_API_KEY", KEY)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly
    void theSecondRequestOfACodexSessionReadsTheCachedPrefix(@TempDir Path work) throws Exception {
        upstream.enqueue(
                Reply.sse(FakeAnthropicServer.thinkingToolUseStream("Run it.", "sig-e2e-pcache-1", "toolu_exec_1",
                        "exec_command", EXEC_ARGS)),
                Reply.sse(FakeAnthropicServer.textStream(FINAL_TEXT)));

        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), CodexAnthropicUpstreamE2ETest.MODEL, work,
                "Write proof.txt with a shell command.", Duration.ofSeconds(120));
        List<FakeAnthropicServer.RecordedRequest> requests = upstream.requests();
        List<CacheUsage> usage = upstream.promptCache().usages();
        String context = run.describe() + "\n--- cache usage ---\n" + usage + "\n--- rejections ---\n"
                + requests.stream().map(FakeAnthropicServer.RecordedRequest::rejection).toList()
                + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertEquals(2, requests.size(), context);
        requests.forEach(r -> assertNull(r.rejection(), context));

        CacheUsage first = usage.get(0);
        CacheUsage second = usage.get(1);
        assertTrue(first.cacheCreationInputTokens() > 0 && first.cacheReadInputTokens() == 0, context);
        assertTrue(second.cacheReadInputTokens() >= 0.9 * second.totalInputTokens(), context);
        assertTrue(second.cacheCreationInputTokens() < 0.1 * second.cacheReadInputTokens(), context);
        E2eJson.assertNoServerErrors(gateway.log());
    }
}
