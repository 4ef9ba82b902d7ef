package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a provider's failure turns into for the client: refused connections and cut streams worded without the
 * upstream's address, a missing key refused before any upstream call, a rejected key never retried with the same
 * credentials, and the gateway's overhead reported apart from retry waits.
 */
class ProviderFailuresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANTHROPIC = "anthropic-version=2023-06-01,max-tokens=1024";
    private static final String OTHER_KEY = "sk-ant-other-credentials";
    private static final String ADMIN_TOKEN = "admin-provider-failures-5c2e";
    private static FakeAnthropicServer cutter;
    private static FakeAnthropicServer unkeyed;
    private static FakeAnthropicServer rejecting;
    private static FakeAnthropicServer sibling;
    private static FakeAnthropicServer other;
    private static FakeAnthropicServer limited;
    private static FakeChatServer local;
    private static int deadPort;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        cutter = ResilienceGateways.upstream(ResilienceGateways.ok().cutHalfway());
        unkeyed = ResilienceGateways.upstream(ResilienceGateways.ok());
        rejecting = ResilienceGateways.upstream(ResilienceGateways.status(401, Map.of()));
        sibling = ResilienceGateways.upstream(ResilienceGateways.ok());
        other = ResilienceGateways.upstream(ResilienceGateways.ok());
        limited = ResilienceGateways.upstream(ResilienceGateways.ok());
        local = FakeChatServer.start();
        deadPort = GatewayProcess.freePort();
        gateway = ResilienceGateways.start(
                Map.of("refused", ResilienceGateways.providerRoute("refused", "http://127.0.0.1:" + deadPort, ",max-retries=0"),
                        "cutter", ResilienceGateways.providerRoute("cutter", cutter.baseUrl(), ""),
                        "nokey", ResilienceGateways.providerRoute("nokey", "anthropic", unkeyed.baseUrl(), "UNSET_TEST_KEY", ANTHROPIC),
                        "optional", ResilienceGateways.providerRoute("optional", "anthropic", unkeyed.baseUrl(), "UNSET_TEST_KEY",
                                ANTHROPIC + ",key-required=false"),
                        "local", ResilienceGateways.providerRoute("local", "openai-chat", local.baseUrl(), "UNSET_TEST_KEY", ""),
                        "rejecting", ResilienceGateways.providerRoute("rejecting", rejecting.baseUrl(), ""),
                        "sibling", ResilienceGateways.providerRoute("sibling", sibling.baseUrl(), ""),
                        "other", ResilienceGateways.providerRoute("other", "anthropic", other.baseUrl(), "OTHER_TEST_KEY", ANTHROPIC),
                        "limited", ResilienceGateways.providerRoute("limited", limited.baseUrl(), "")),
                Map.of("gateway.breaker.minimum-calls", "1000", "gateway.admin.token", ADMIN_TOKEN),
                """
                gateway.alias.nokeyfirst = nokey/claude-n
                gateway.fallback.nokeyfirst = other/claude-o
                gateway.alias.authchain = rejecting/claude-a
                gateway.fallback.authchain = rejecting/claude-b,sibling/claude-c,other/claude-d
                gateway.alias.authonly = rejecting/claude-a
                gateway.fallback.authonly = rejecting/claude-b,sibling/claude-c
                """,
                Map.of("OTHER_TEST_KEY", OTHER_KEY));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        for (FakeAnthropicServer upstream : new FakeAnthropicServer[] {cutter, unkeyed, rejecting, sibling, other, limited}) {
            upstream.close();
        }
        local.close();
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    @Test
    void aRefusedConnectionNamesTheProviderNotItsAddress() throws Exception {
        HttpResponse<String> response = ResilienceGateways.post(gateway, "refused/claude-r", "token-a");

        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_unreachable", error(response).path("code").asText());
        assertEquals("Could not connect to provider 'refused' (connection refused); retry later.",
                error(response).path("message").asText());
        assertFalse(response.body().contains(Integer.toString(deadPort)), response.body());
        assertFalse(response.body().contains("127.0.0.1"), response.body());
        assertTrue(gateway.log().contains("127.0.0.1:" + deadPort), "the operator's log keeps the address");
    }

    @Test
    void aStreamCutMidWayIsReportedAsInterruptedAndRetryable() throws Exception {
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                ResilienceGateways.body("cutter/claude-c", true), Duration.ofSeconds(30));

        assertEquals(200, result.status());
        assertEquals("response.failed", result.last().type(), result.body());
        JsonNode failure = result.last().json().path("response").path("error");
        assertEquals("stream_interrupted", failure.path("code").asText(), result.body());
        assertEquals("The provider 'cutter' stream was interrupted before the response was complete; retry.",
                failure.path("message").asText());
        assertEquals(1, cutter.requestCount(), "a started stream is never retried");
    }

    @Test
    void aProviderWithoutItsKeyIsRefusedBeforeAnyUpstreamCall() throws Exception {
        int before = unkeyed.requestCount();
        HttpResponse<String> response = ResilienceGateways.post(gateway, "nokey/claude-n", "token-a");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("provider_key_missing", error(response).path("code").asText());
        assertEquals("gateway_configuration_error", error(response).path("type").asText());
        assertEquals("The gateway has no key for provider 'nokey': UNSET_TEST_KEY is not set on the gateway; "
                + "ask its operator.", error(response).path("message").asText());
        assertNull(header(response, "retry-after"));
        assertEquals(before, unkeyed.requestCount());
        JsonNode state = providerState("nokey");
        assertEquals(0, state.path("calls").asInt(), "not held against the breaker: " + state);
    }

    @Test
    void aMissingKeyFallsBackToAProviderThatHasOne() throws Exception {
        HttpResponse<String> response = ResilienceGateways.post(gateway, "nokeyfirst", "token-a");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("other", header(response, "x-gateway-provider"));
        assertEquals("1", header(response, "x-gateway-fallback"));
        assertEquals("1", header(response, "x-gateway-attempts"));
    }

    @Test
    void providersThatNeedNoKeyKeepWorkingWithoutOne() throws Exception {
        HttpResponse<String> optional = ResilienceGateways.post(gateway, "optional/claude-x", "token-a");
        assertEquals(200, optional.statusCode(), optional.body());

        local.enqueue(FakeChatServer.Reply.json(FakeChatServer.textCompletion("hello")));
        HttpResponse<String> chat = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"local/qwen\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, chat.statusCode(), chat.body());
        assertNull(local.lastRequest().header("authorization"), "no key configured, none sent");
    }

    @Test
    void aRejectedKeyIsNotRetriedWithTheSameCredentialsButAnotherKeyMayAnswer() throws Exception {
        int rejectedBefore = rejecting.requestCount();
        HttpResponse<String> response = ResilienceGateways.post(gateway, "authchain", "token-a");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("other", header(response, "x-gateway-provider"));
        assertEquals("claude-d", header(response, "x-gateway-model"));
        assertEquals("3", header(response, "x-gateway-fallback"));
        assertEquals("2", header(response, "x-gateway-attempts"));
        assertEquals(rejectedBefore + 1, rejecting.requestCount(), "same provider, same key: one call only");
        assertEquals(0, sibling.requestCount(), "another provider with the same key is not tried");
    }

    @Test
    void aRejectedKeyWithNoOtherCredentialsNamesTheModelThatWasTried() throws Exception {
        int rejectedBefore = rejecting.requestCount();
        HttpResponse<String> response = ResilienceGateways.post(gateway, "authonly", "token-a");

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("provider_auth_failed", error(response).path("code").asText());
        assertEquals("rejecting", header(response, "x-gateway-provider"));
        assertEquals("claude-a", header(response, "x-gateway-model"));
        assertEquals("0", header(response, "x-gateway-fallback"));
        assertEquals("1", header(response, "x-gateway-attempts"));
        assertEquals(rejectedBefore + 1, rejecting.requestCount());
        assertEquals(0, sibling.requestCount());
    }

    @Test
    void overheadExcludesTheRetryWaitWhichHasItsOwnHeader() throws Exception {
        HttpResponse<String> first = ResilienceGateways.post(gateway, "limited/claude-l", "token-a");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("0", header(first, "x-gateway-retry-wait-ms"));

        limited.enqueue(ResilienceGateways.status(429, Map.of("retry-after", "1")));
        HttpResponse<String> retried = ResilienceGateways.post(gateway, "limited/claude-l", "token-a");

        assertEquals(200, retried.statusCode(), retried.body());
        assertEquals("2", header(retried, "x-gateway-attempts"));
        long waitedMs = Long.parseLong(header(retried, "x-gateway-retry-wait-ms"));
        double overheadMs = Double.parseDouble(header(retried, "x-gateway-overhead-ms"));
        assertTrue(waitedMs >= 1000 && waitedMs < 2000, "Retry-After: 1 was honoured: " + waitedMs);
        assertTrue(overheadMs < 500, "the wait is not the gateway's overhead: " + overheadMs);
    }

    private static JsonNode providerState(String name) throws Exception {
        HttpResponse<String> response = ResilienceGateways.admin(gateway, ADMIN_TOKEN);
        assertEquals(200, response.statusCode(), response.body());
        for (JsonNode provider : JSON.readTree(response.body()).path("providers")) {
            if (name.equals(provider.path("name").asText())) {
                return provider;
            }
        }
        throw new AssertionError("no provider " + name + " in " + response.body());
    }
}
