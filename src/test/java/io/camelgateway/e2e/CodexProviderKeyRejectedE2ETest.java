package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator configured a provider key the provider rejects (upstream 401). Codex must fail fast with the gateway's
 * explanation ("not your key, contact the operator"), without a retry storm, and the key must never be shown.
 */
class CodexProviderKeyRejectedE2ETest {

    static final String MODEL = "local/qwen3-coder";
    static final String CONFIGURED_KEY = "sk-local-WRONG-0123456789abcdef";

    private FakeChatServer upstream;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        CodexCli.binary();
        upstream = FakeChatServer.start().requireApiKey("sk-local-the-right-one");
        gateway = GatewayProcess.builder()
                .property("gateway.local.base-url", upstream.baseUrl())
                .property("gateway.catalog.models", MODEL)
                .env("LOCAL_API_KEY", CONFIGURED_KEY)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void codexStopsAtOnceAndShowsTheOperatorMessage(@TempDir Path work) throws Exception {
        CodexCli.Result run = CodexCli.exec(gateway.baseUrl(), MODEL, work, "Say hello.", Duration.ofSeconds(90));
        System.out.println(run.describe());
        String context = run.describe() + "\n--- upstream requests: " + upstream.requestCount()
                + "\n--- gateway log ---\n" + gateway.log();

        assertFalse(run.timedOut(), context);
        assertNotEquals(0, run.exitCode(), context);
        assertTrue(run.output().contains("Provider 'local'"), "provider not named:\n" + context);
        assertTrue(run.output().contains("operator"), "operator not mentioned:\n" + context);
        assertEquals(1, upstream.requestCount(), "Codex retried the rejected turn:\n" + context);
        assertEquals(401, upstream.requests().get(0).status());
        assertEquals("Bearer " + CONFIGURED_KEY, upstream.requests().get(0).header("authorization"));
        assertFalse(run.output().contains(CONFIGURED_KEY), "the provider key leaked to the client:\n" + context);
        assertFalse(run.output().contains("0123456789abcdef"), "part of the provider key leaked:\n" + context);
        assertFalse(gateway.log().contains(CONFIGURED_KEY), "the provider key was logged:\n" + context);
    }
}
