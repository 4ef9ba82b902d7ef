package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.TestRunRecord;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A gateway process in auth mode passthrough: each client's own key goes upstream in the header its provider expects
 * (Authorization for OpenAI, x-api-key for Anthropic) instead of the key configured in the gateway, a turn without a
 * key is 401 in the client's shape, and the client's key appears in no log line or error body.
 */
class PassthroughModeTest {

    private static final String GATEWAY_OPENAI_KEY = "sk-gateway-openai-key-never-sent-3333";
    private static final String GATEWAY_ANTHROPIC_KEY = "sk-ant-gateway-key-never-sent-4444";
    private static final String CLIENT_OPENAI_KEY = "sk-client-own-openai-key-5555";
    private static final String CLIENT_ANTHROPIC_KEY = "sk-ant-client-own-key-6666";
    private static final String WRONG_CLIENT_KEY = "sk-client-mistyped-openai-key-7777";
    private static final String RESPONSES_TURN = "{\"model\":\"openai/gpt-5-test\",\"stream\":false,\"store\":false,"
            + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String RESPONSES_TO_CLAUDE = "{\"model\":\"anthropic/claude-test-1\",\"stream\":false,"
            + "\"store\":false,\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES_TURN = "{\"model\":\"anthropic/claude-test-1\",\"max_tokens\":256,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANTHROPIC_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-test-1\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}";

    private static FakeOpenAiServer openai;
    private static FakeAnthropicServer anthropic;
    private static GatewayProcess gateway;
    private static GatewayHttp http;

    @BeforeAll
    static void start() throws Exception {
        // sent as request headers, not given to the gateway process, so recorded here for the run's leak check
        for (String clientKey : new String[] {CLIENT_OPENAI_KEY, CLIENT_ANTHROPIC_KEY, WRONG_CLIENT_KEY}) {
            TestRunRecord.secret("passthrough client key", clientKey);
        }
        // the fakes accept only the clients' keys: a turn sent with the gateway's keys would be refused 401
        openai = FakeOpenAiServer.start(CLIENT_OPENAI_KEY).whenEmpty(FakeOpenAiServer.Reply.json(
                new ResponsesAnswer().text("hello").json()));
        anthropic = FakeAnthropicServer.start(CLIENT_ANTHROPIC_KEY)
                .whenEmpty(FakeAnthropicServer.Reply.json(ANTHROPIC_ANSWER));
        gateway = GatewayProcess.builder().property("gateway.auth.mode", "passthrough")
                .property("gateway.openai.base-url", openai.baseUrl())
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.retry.max-retries", "0")
                .property("gateway.fallback.openai/gpt-5-with-fallbacks", "openai/gpt-5-test,anthropic/claude-test-1")
                .env("OPENAI_API_KEY", GATEWAY_OPENAI_KEY).env("ANTHROPIC_API_KEY", GATEWAY_ANTHROPIC_KEY).start();
        http = new GatewayHttp(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        String log = gateway.log();
        gateway.close();
        openai.close();
        anthropic.close();
        assertTrue(log.contains("auth mode passthrough: each client's own provider key goes upstream"), log);
        assertFalse(log.contains("gateway.auth.mode=any"), "mode any's warning in mode passthrough\n" + log);
        for (String secret : new String[] {CLIENT_OPENAI_KEY, CLIENT_ANTHROPIC_KEY, GATEWAY_OPENAI_KEY,
                GATEWAY_ANTHROPIC_KEY}) {
            assertFalse(log.contains(secret), "a key is in the gateway log");
        }
    }

    @Test
    void aResponsesTurnGoesToOpenAiWithTheClientsBearer() throws Exception {
        HttpResponse<String> answer = http.send("POST", "/v1/responses", RESPONSES_TURN,
                Map.of("authorization", "Bearer " + CLIENT_OPENAI_KEY));
        assertEquals(200, answer.statusCode(), answer.body());
        FakeOpenAiServer.RecordedRequest sent = openai.requests().get(openai.requestCount() - 1);
        assertNull(sent.rejection(), sent.rejection());
        assertEquals("Bearer " + CLIENT_OPENAI_KEY, sent.header("authorization"), "the client's key, not the gateway's");
        assertFalse(sent.headers().toString().contains(GATEWAY_OPENAI_KEY));
    }

    @Test
    void aMessagesTurnGoesToAnthropicWithTheClientsApiKey() throws Exception {
        HttpResponse<String> answer = http.send("POST", "/v1/messages", MESSAGES_TURN,
                Map.of("x-api-key", CLIENT_ANTHROPIC_KEY, "anthropic-version", "2023-06-01"));
        assertEquals(200, answer.statusCode(), answer.body());
        FakeAnthropicServer.RecordedRequest sent = anthropic.lastRequest();
        assertNull(sent.rejection(), sent.rejection());
        assertEquals(CLIENT_ANTHROPIC_KEY, sent.headers().get("x-api-key"));
        assertFalse(sent.headers().toString().contains(GATEWAY_ANTHROPIC_KEY));
    }

    @Test
    void aTranslatedTurnPutsTheClientsBearerInTheProvidersOwnHeader() throws Exception {
        HttpResponse<String> answer = http.send("POST", "/v1/responses", RESPONSES_TO_CLAUDE,
                Map.of("authorization", "Bearer " + CLIENT_ANTHROPIC_KEY));
        assertEquals(200, answer.statusCode(), answer.body());
        FakeAnthropicServer.RecordedRequest sent = anthropic.lastRequest();
        assertNull(sent.rejection(), sent.rejection());
        assertEquals(CLIENT_ANTHROPIC_KEY, sent.headers().get("x-api-key"), "Anthropic's header, the client's key");
        assertFalse(sent.headers().containsKey("authorization"), "the client's Authorization header is not forwarded");
    }

    @Test
    void aTurnWithoutAKeyIs401InTheClientsShapeAndReachesNoProvider() throws Exception {
        int openaiBefore = openai.requestCount();
        int anthropicBefore = anthropic.requestCount();
        HttpResponse<String> codex = http.send("POST", "/v1/responses", RESPONSES_TURN, Map.of());
        assertEquals(401, codex.statusCode(), codex.body());
        JsonNode error = GatewayHttp.json(codex).path("error");
        assertEquals("invalid_api_key", error.path("code").asText(), codex.body());
        assertTrue(error.path("message").asText().contains("your own provider key"), codex.body());

        HttpResponse<String> claude = http.send("POST", "/v1/messages", MESSAGES_TURN,
                Map.of("anthropic-version", "2023-06-01", "authorization", "Bearer "));
        assertEquals(401, claude.statusCode(), claude.body());
        JsonNode body = GatewayHttp.json(claude);
        assertEquals("error", body.path("type").asText(), claude.body());
        assertEquals("authentication_error", body.path("error").path("type").asText(), claude.body());

        assertEquals(openaiBefore, openai.requestCount());
        assertEquals(anthropicBefore, anthropic.requestCount());
    }

    @Test
    void aFallbackNeverHandsTheClientsKeyToAnotherProvider() throws Exception {
        int anthropicBefore = anthropic.requestCount();
        int openaiBefore = openai.requestCount();
        openai.enqueue(FakeOpenAiServer.Reply.error(500, "boom", "server_error", null),
                FakeOpenAiServer.Reply.error(500, "boom again", "server_error", null));
        HttpResponse<String> answer = http.send("POST", "/v1/responses",
                RESPONSES_TURN.replace("openai/gpt-5-test", "openai/gpt-5-with-fallbacks"),
                Map.of("authorization", "Bearer " + CLIENT_OPENAI_KEY));
        assertTrue(answer.statusCode() >= 500, answer.statusCode() + " " + answer.body());
        assertEquals(openaiBefore + 2, openai.requestCount(), "the fallback on the same provider was tried");
        assertEquals(anthropicBefore, anthropic.requestCount(), "the OpenAI key went to Anthropic");
    }

    @Test
    void aKeyTheProviderRejectsIsReportedAsTheClientsOwn() throws Exception {
        String wrongKey = WRONG_CLIENT_KEY;
        HttpResponse<String> answer = http.send("POST", "/v1/responses", RESPONSES_TURN,
                Map.of("authorization", "Bearer " + wrongKey));
        assertEquals(400, answer.statusCode(), answer.body());
        JsonNode error = GatewayHttp.json(answer).path("error");
        assertEquals("provider_auth_failed", error.path("code").asText(), answer.body());
        assertTrue(error.path("message").asText().contains("rejected the key you sent"), answer.body());
        assertEquals("Bearer " + wrongKey, openai.requests().get(openai.requestCount() - 1).header("authorization"));
        assertFalse(answer.body().contains(wrongKey), answer.body());
        assertFalse(gateway.log().contains(wrongKey), "the client's key is in the gateway log");
    }

    @Test
    void aProviderEchoingTheClientsKeyHasItRedactedFromTheErrorBody() throws Exception {
        openai.enqueue(FakeOpenAiServer.Reply.error(400, "Unsupported parameter for key " + CLIENT_OPENAI_KEY,
                "invalid_request_error", "unsupported_parameter"));
        HttpResponse<String> answer = http.send("POST", "/v1/responses", RESPONSES_TURN,
                Map.of("authorization", "Bearer " + CLIENT_OPENAI_KEY));
        assertEquals(400, answer.statusCode(), answer.body());
        assertFalse(answer.body().contains(CLIENT_OPENAI_KEY), answer.body());
        assertTrue(answer.body().contains("[redacted]"), answer.body());
    }
}
