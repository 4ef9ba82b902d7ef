package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A value that cannot go into an HTTP header as is (here an upstream model id with a control character, from an
 * alias) used to throw inside an event-loop callback: the request hung and kept its concurrency slot. It must be
 * answered promptly, the header value encoded, and the slot given back.
 */
class HeaderSafetyTest {

    private static FakeAnthropicServer upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = ResilienceGateways.upstream(ResilienceGateways.ok());
        gateway = ResilienceGateways.start(
                Map.of("anthropic", ResilienceGateways.providerRoute("anthropic", upstream.baseUrl(), "")),
                Map.of("gateway.overload.max-concurrent-requests", "2"),
                "gateway.alias.bel = anthropic/bad\\u0007id\ngateway.alias.crlf = anthropic/bad\\r\\nx-injected: 1\n");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @Test
    void aControlCharacterInAHeaderValueIsEncodedAndTheRequestAnsweredPromptly() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (String alias : new String[] {"bel", "crlf"}) {
                long start = System.nanoTime();
                SseClient.Result streamed = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                        ResilienceGateways.body(alias, true), Duration.ofSeconds(10));
                assertEquals(200, streamed.status(), streamed.body());
                assertEquals("response.completed", streamed.last().type());
                assertTrue((System.nanoTime() - start) / 1_000_000 < 5000);
                assertTrue(streamed.headers().firstValue("x-injected").isEmpty(), "a header was injected");
                String model = streamed.headers().firstValue("x-gateway-model").orElse("");
                assertTrue(model.equals("bad%07id") || model.equals("bad%0D%0Ax-injected: 1"), model);
            }
        }
        // six turns above with a cap of 2 concurrent requests: a leaked slot would have turned them into 429s
        String admin = ResilienceGateways.admin(gateway, null).body();
        assertTrue(admin.contains("\"open_requests\":0"), admin);
    }
}
