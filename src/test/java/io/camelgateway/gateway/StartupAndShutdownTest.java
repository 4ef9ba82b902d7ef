package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an operator sees when the gateway starts and stops: the startup summary, a clean SIGTERM stop with status 0,
 * and a refusal in one plain line with status 2 for a taken port, an open network without keys or an explicit mode any,
 * or an auth mode that does not exist; mode any is announced with one WARN line.
 */
@Timeout(300)
class StartupAndShutdownTest {

    private static final String OPENAI_KEY = "sk-startup-summary-secret-1234";

    /** Starts a gateway that is expected to refuse, and returns its log once it exited with status 2. */
    private static String refusedStart(GatewayProcess.Builder builder) throws Exception {
        GatewayProcess gateway = builder.noWait().start();
        try {
            assertTrue(gateway.waitForExit(90), "the gateway kept running\n" + gateway.log());
            String log = gateway.log();
            assertEquals(2, gateway.process().exitValue(), log);
            assertEquals(1, log.lines().filter(l -> l.contains("ERROR")).count(), "one error line, the reason\n" + log);
            assertFalse(log.contains("\tat ") || log.contains("Exception"), "no stack trace\n" + log);
            assertFalse(log.contains("ready on") || log.contains("http://0.0.0.0"), "nothing looks like serving\n" + log);
            return log;
        } finally {
            gateway.close();
        }
    }

    @Test
    void theSummaryNamesProvidersKeysAndCodexLinesAndSigtermAfterTheDrainExitsZero() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.builder().env("OPENAI_API_KEY", OPENAI_KEY)
                .property("gateway.anthropic.base-url", "http://127.0.0.1:9/anthropic").start()) {
            String log = gateway.log();
            String base = "http://127.0.0.1:" + gateway.port();
            assertTrue(log.contains("Camel AI gateway ready on " + base + " (loopback only; auth mode any"), log);
            assertTrue(log.contains("provider openai: protocol openai, https://api.openai.com/v1, key OPENAI_API_KEY is set"),
                    log);
            assertTrue(log.contains("provider anthropic: protocol anthropic, http://127.0.0.1:9/anthropic, "
                    + "key ANTHROPIC_API_KEY is NOT set"), log);
            assertTrue(log.contains("provider local: protocol openai-chat"), log);
            assertTrue(log.contains("base_url = \"" + base + "/v1\""), log);
            assertTrue(log.contains("POST /v1/responses"), log);
            assertFalse(log.contains(OPENAI_KEY), log);
            assertFalse(log.contains("0.0.0.0"), "Camel's endpoint list with the wrong address\n" + log);

            gateway.terminate();
            assertTrue(gateway.waitForExit(60), "the gateway did not stop\n" + gateway.log());
            assertEquals(0, gateway.process().exitValue(), gateway.log());
            assertTrue(gateway.log().contains("draining 0 open stream(s)"), gateway.log());
        }
    }

    @Test
    void aPortInUseIsReportedPlainlyWithoutStackTraceAndExitsTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            String log = refusedStart(GatewayProcess.builder().port(port));
            assertTrue(log.contains("Port " + port + " on 127.0.0.1 is already in use")
                    && log.contains("CAMEL_SERVER_PORT"), log);
        }
    }

    @Test
    void onAllInterfacesTheDefaultModeIsKeysAndModeAnyNeedsItsExplicitSetting() throws Exception {
        String log = refusedStart(GatewayProcess.builder().property("camel.server.host", "0.0.0.0"));
        assertTrue(log.contains("would listen on 0.0.0.0") && log.contains("defaults to keys")
                && log.contains("GATEWAY_KEY_PEPPER") && log.contains("GATEWAY_AUTH_MODE=any"), log);
        String oldSwitch = refusedStart(GatewayProcess.builder().property("camel.server.host", "0.0.0.0")
                .env("GATEWAY_AUTH_ALLOW_OPEN_NETWORK", "true"));
        assertTrue(oldSwitch.contains("gateway.auth.allow-open-network no longer exists"), oldSwitch);

        try (GatewayProcess open = GatewayProcess.builder().property("camel.server.host", "0.0.0.0")
                .env("GATEWAY_AUTH_MODE", "any").start()) {
            assertEquals(200, SseClient.get(open.baseUrl() + "/ready").statusCode());
            String served = open.log();
            assertTrue(served.contains("ready on http://0.0.0.0:" + open.port() + " (all interfaces, open to the network"
                    + "; auth mode any"), served);
            List<String> warnings = served.lines().filter(line -> line.contains("WARN")).toList();
            assertEquals(2, warnings.size(), "one loud line for mode any, one for clear text\n" + served);
            assertEquals(1, warnings.stream().filter(line -> line.contains("gateway.auth.mode=any on 0.0.0.0")
                    && line.contains("can spend the provider keys")).count(), served);
            assertEquals(1, warnings.stream().filter(line -> line.contains("without TLS")).count(), served);
        }
        try (GatewayProcess keys = GatewayProcess.builder().property("camel.server.host", "0.0.0.0")
                .env("GATEWAY_KEY_PEPPER", "a-pepper-of-enough-length").start()) {
            assertTrue(keys.log().contains("auth mode keys: a virtual key is required"), keys.log());
            assertEquals(401, SseClient.get(keys.baseUrl() + "/v1/models").statusCode(), "keys, not any, by default");
        }
    }

    @Test
    void onLoopbackTheDefaultModeIsAnyAnnouncedWithOneWarning() throws Exception {
        try (GatewayProcess local = GatewayProcess.builder().start()) {
            String log = local.log();
            assertTrue(log.contains("(loopback only; auth mode any: any bearer token is accepted"), log);
            List<String> warnings = log.lines().filter(line -> line.contains("WARN")).toList();
            assertEquals(1, warnings.size(), log);
            assertTrue(warnings.get(0).contains("gateway.auth.mode=any: any bearer token, or none, is accepted"), log);
        }
    }

    @Test
    void keysModeWithoutAPepperAndAnUnknownModeAreRefused() throws Exception {
        String log = refusedStart(GatewayProcess.builder().property("gateway.auth.mode", "keys"));
        assertTrue(log.contains("gateway.auth.mode=keys needs a key pepper"), log);
        assertTrue(log.contains("GATEWAY_KEY_PEPPER"), log);
        String shortPepper = refusedStart(GatewayProcess.builder().property("gateway.auth.mode", "keys")
                .env("GATEWAY_KEY_PEPPER", "too-short"));
        assertTrue(shortPepper.contains("gateway.auth.mode=keys needs a key pepper"), shortPepper);
        String unknown = refusedStart(GatewayProcess.builder().property("gateway.auth.mode", "open"));
        assertTrue(unknown.contains("gateway.auth.mode=open is not a valid mode"), unknown);
    }

    @Test
    void keysModeWithAPepperServesOnAnOpenAddress() throws Exception {
        try (GatewayProcess open = GatewayProcess.builder().property("camel.server.host", "0.0.0.0")
                .property("gateway.auth.mode", "keys").env("GATEWAY_KEY_PEPPER", "a-pepper-of-enough-length").start()) {
            assertEquals(200, SseClient.get(open.baseUrl() + "/ready").statusCode());
            assertTrue(open.log().contains("auth mode keys: a virtual key is required"), open.log());
        }
    }
}
