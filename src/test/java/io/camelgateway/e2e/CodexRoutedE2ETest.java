package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Real Codex CLI with model {@code auto} through the shipped router: a short prompt lands on the cheap model, a
 * prompt over the 10,000-token threshold on the flagship (both served by the fake Anthropic upstream).
 */
class CodexRoutedE2ETest {

    static final String PROVIDER_KEY = "sk-ant-e2e-routed";

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

    private String runCodex(Path work, String prompt) throws Exception {
        int before = upstream.requestCount();
        upstream.enqueue(Reply.sse(FakeAnthropicServer.textStream("Done.")));
        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), "auto", work, prompt, Duration.ofSeconds(120));
        List<FakeAnthropicServer.RecordedRequest> requests = upstream.requests();
        String context = run.describe() + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), context);
        assertEquals(before + 1, requests.size(), context);
        FakeAnthropicServer.RecordedRequest request = requests.get(requests.size() - 1);
        assertNull(request.rejection(), request.rejection());
        return request.body().path("model").asText();
    }

    @Test
    @Timeout(300)
    void shortPromptGoesToTheCheapModelLongPromptToTheFlagship(@TempDir Path work) throws Exception {
        assertEquals("claude-haiku-4-5", runCodex(work, "Say hello."));

        String bigFile = "line of a large source file that the user pasted into the prompt\n".repeat(1_500);
        assertTrue(bigFile.length() < 120_000, "one command-line argument stays under the kernel's 128 KiB limit");
        assertEquals("claude-opus-4-7", runCodex(work, "Summarise this file:\n" + bigFile));
        E2eJson.assertNoServerErrors(gateway.log());
    }
}
