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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes in auth mode keys sharing one key database (an H2 file in server mode, as two replicas
 * would share PostgreSQL): turns need a valid virtual key, go upstream with the provider key, and a key revoked
 * on one replica is refused by the other within a second.
 */
class KeysModeTest {

    private static final String ADMIN_TOKEN = "admin-token-for-keys-mode-77";
    private static final String PEPPER = "pepper-for-keys-mode-0123456789";
    private static final String OPENAI_KEY = "sk-openai-provider-key-1111";
    private static final String ANTHROPIC_KEY = "sk-ant-provider-key-2222";
    private static final Map<String, String> ADMIN = Map.of("authorization", "Bearer " + ADMIN_TOKEN);
    private static final String RESPONSES_TURN = "{\"model\":\"openai/gpt-5-test\",\"stream\":false,\"store\":false,"
            + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGES_TURN = "{\"model\":\"anthropic/claude-test-1\",\"max_tokens\":256,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String ANTHROPIC_ANSWER = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-test-1\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],"
            + "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}";

    private static FakeOpenAiServer openai;
    private static FakeAnthropicServer anthropic;
    private static GatewayProcess first;
    private static GatewayProcess second;
    private static GatewayHttp one;
    private static GatewayHttp two;
    private static final List<String> issuedKeys = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        openai = FakeOpenAiServer.start(OPENAI_KEY).whenEmpty(FakeOpenAiServer.Reply.json(
                new ResponsesAnswer().text("hello").json()));
        anthropic = FakeAnthropicServer.start(ANTHROPIC_KEY).whenEmpty(FakeAnthropicServer.Reply.json(ANTHROPIC_ANSWER));
        Path shared = Files.createTempDirectory("gateway-keys-db");
        String dbUrl = "jdbc:h2:file:" + shared.resolve("gateway") + ";AUTO_SERVER=TRUE";
        first = replica(dbUrl).start();
        second = replica(dbUrl).start();
        one = new GatewayHttp(first.baseUrl());
        two = new GatewayHttp(second.baseUrl());
    }

    private static GatewayProcess.Builder replica(String dbUrl) {
        return GatewayProcess.builder().property("gateway.auth.mode", "keys").property("gateway.db.url", dbUrl)
                .property("gateway.openai.base-url", openai.baseUrl())
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.retry.max-retries", "0")
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN).env("GATEWAY_KEY_PEPPER", PEPPER)
                .env("OPENAI_API_KEY", OPENAI_KEY).env("ANTHROPIC_API_KEY", ANTHROPIC_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        List<String> logs = List.of(first.log(), second.log());
        second.close();
        first.close();
        openai.close();
        anthropic.close();
        assertTrue(logs.get(0).contains("auth mode keys: a virtual key is required"), logs.get(0));
        for (String log : logs) {
            for (String key : issuedKeys) {
                assertFalse(log.contains(key.substring(6)), "an issued key is in a gateway log");
            }
            assertFalse(log.contains(PEPPER));
        }
        for (FakeOpenAiServer.RecordedRequest sent : openai.requests()) {
            for (String key : issuedKeys) {
                assertFalse(sent.rawBody().contains(key) || sent.headers().toString().contains(key),
                        "a virtual key went upstream");
            }
        }
    }

    private static String issue(String body) throws Exception {
        HttpResponse<String> created = one.send("POST", "/admin/keys", body, ADMIN);
        assertEquals(201, created.statusCode(), created.body());
        JsonNode json = GatewayHttp.json(created);
        issuedKeys.add(json.path("key").asText());
        return json.path("key").asText();
    }

    private static String idOf(String owner) throws Exception {
        for (JsonNode listed : GatewayHttp.json(one.send("GET", "/admin/keys", null, ADMIN)).path("data")) {
            if (KeyFormat.looksLikeId(listed.path("id").asText()) && listed.path("owner").asText().equals(owner)) {
                return listed.path("id").asText();
            }
        }
        throw new AssertionError("no key of owner " + owner);
    }

    private static HttpResponse<String> responses(GatewayHttp gateway, String bearer) throws Exception {
        return gateway.send("POST", "/v1/responses", RESPONSES_TURN,
                bearer == null ? Map.of() : Map.of("authorization", "Bearer " + bearer));
    }

    private static HttpResponse<String> messages(GatewayHttp gateway, String apiKey) throws Exception {
        return gateway.send("POST", "/v1/messages", MESSAGES_TURN, apiKey == null
                ? Map.of("anthropic-version", "2023-06-01")
                : Map.of("x-api-key", apiKey, "anthropic-version", "2023-06-01"));
    }

    @Test
    void aValidKeyIsServedWithTheProviderKeyUpstreamOnEveryReplica() throws Exception {
        String key = issue("{\"owner\":\"ana\",\"team\":\"platform\"}");
        for (GatewayHttp gateway : List.of(one, two)) {
            int before = openai.requestCount();
            HttpResponse<String> answer = responses(gateway, key);
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("hello", GatewayHttp.json(answer).path("output").get(0).path("content").get(0)
                    .path("text").asText(), answer.body());
            assertEquals(before + 1, openai.requestCount());
            FakeOpenAiServer.RecordedRequest sent = openai.requests().get(openai.requestCount() - 1);
            assertNull(sent.rejection(), sent.rejection());
            assertEquals("Bearer " + OPENAI_KEY, sent.header("authorization"), "the provider key, not the virtual key");
        }
        HttpResponse<String> claude = messages(one, key);
        assertEquals(200, claude.statusCode(), claude.body());
        assertEquals(ANTHROPIC_KEY, anthropic.lastRequest().headers().get("x-api-key"));
    }

    @Test
    void theModelCatalogAndTokenCountsNeedAValidKeyToo() throws Exception {
        String key = issue("{\"owner\":\"cat\"}");
        for (String bearer : new String[] {null, KeyFormat.newKey()}) {
            Map<String, String> headers = bearer == null ? Map.of() : Map.of("authorization", "Bearer " + bearer);
            HttpResponse<String> catalog = one.send("GET", "/v1/models?client_version=0.169.0", null, headers);
            assertEquals(401, catalog.statusCode(), catalog.body());
            assertEquals("invalid_api_key", GatewayHttp.json(catalog).path("error").path("code").asText());
            HttpResponse<String> count = two.send("POST", "/v1/messages/count_tokens", MESSAGES_TURN, bearer == null
                    ? Map.of("anthropic-version", "2023-06-01")
                    : Map.of("x-api-key", bearer, "anthropic-version", "2023-06-01"));
            assertEquals(401, count.statusCode(), count.body());
            assertEquals("authentication_error", GatewayHttp.json(count).path("error").path("type").asText());
        }
        HttpResponse<String> catalog = one.send("GET", "/v1/models?client_version=0.169.0", null,
                Map.of("authorization", "Bearer " + key));
        assertEquals(200, catalog.statusCode(), catalog.body());
        assertTrue(GatewayHttp.json(catalog).path("models").isArray(), catalog.body());
        HttpResponse<String> count = two.send("POST", "/v1/messages/count_tokens", MESSAGES_TURN,
                Map.of("x-api-key", key, "anthropic-version", "2023-06-01"));
        assertEquals(200, count.statusCode(), count.body());
        assertTrue(GatewayHttp.json(count).path("input_tokens").asLong() > 0, count.body());
    }

    @Test
    void aMissingOrUnknownKeyIs401InEachClientsShapeAndNeverReachesAProvider() throws Exception {
        int openaiBefore = openai.requestCount();
        int anthropicBefore = anthropic.requests().size();
        for (String bearer : new String[] {null, "sk-openai-some-real-looking-key", KeyFormat.newKey(), ADMIN_TOKEN}) {
            HttpResponse<String> codex = responses(one, bearer);
            assertEquals(401, codex.statusCode(), codex.body());
            JsonNode error = GatewayHttp.json(codex).path("error");
            assertEquals("invalid_api_key", error.path("code").asText(), codex.body());
            assertEquals("invalid_request_error", error.path("type").asText(), codex.body());
            assertFalse(error.path("message").asText().isEmpty());

            HttpResponse<String> claude = messages(one, bearer);
            assertEquals(401, claude.statusCode(), claude.body());
            JsonNode body = GatewayHttp.json(claude);
            assertEquals("error", body.path("type").asText(), claude.body());
            assertEquals("authentication_error", body.path("error").path("type").asText(), claude.body());
        }
        HttpResponse<String> chat = one.send("POST", "/v1/chat/completions",
                "{\"model\":\"openai/gpt-5-test\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
        assertEquals(401, chat.statusCode(), chat.body());
        assertEquals("invalid_api_key", GatewayHttp.json(chat).path("error").path("code").asText());
        assertEquals(openaiBefore, openai.requestCount());
        assertEquals(anthropicBefore, anthropic.requests().size());
    }

    @Test
    void aModelTheKeyMayNotUseIs403NamingTheAllowedOnes() throws Exception {
        String key = issue("{\"owner\":\"bo\",\"models\":[\"anthropic/*\",\"auto\"]}");
        int before = openai.requestCount();
        HttpResponse<String> refused = responses(one, key);
        assertEquals(403, refused.statusCode(), refused.body());
        JsonNode error = GatewayHttp.json(refused).path("error");
        assertEquals("model_not_allowed", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("openai/gpt-5-test"), refused.body());
        assertTrue(error.path("message").asText().contains("anthropic/*, auto"), refused.body());
        assertEquals(before, openai.requestCount());

        HttpResponse<String> allowed = messages(one, key);
        assertEquals(200, allowed.statusCode(), allowed.body());
        HttpResponse<String> claudeRefused = one.send("POST", "/v1/messages",
                MESSAGES_TURN.replace("anthropic/claude-test-1", "openai/gpt-5-test"),
                Map.of("x-api-key", key, "anthropic-version", "2023-06-01"));
        assertEquals(403, claudeRefused.statusCode(), claudeRefused.body());
        assertEquals("permission_error", GatewayHttp.json(claudeRefused).path("error").path("type").asText());
    }

    @Test
    void aRevokedKeyIsRefusedByBothReplicasWithinASecond() throws Exception {
        String key = issue("{\"owner\":\"revoke-me\"}");
        String id = idOf("revoke-me");
        assertEquals(200, responses(one, key).statusCode());
        assertEquals(200, responses(two, key).statusCode(), "the second replica has the key cached now");

        HttpResponse<String> revoked = one.send("DELETE", "/admin/keys/" + id, null, ADMIN);
        assertEquals(200, revoked.statusCode(), revoked.body());
        long revokedAt = System.nanoTime();
        HttpResponse<String> onFirst = responses(one, key);
        assertEquals(401, onFirst.statusCode(), "the replica that revoked it refuses at once");
        assertTrue(onFirst.body().contains("revoked"), onFirst.body());
        long refusedAfterMs = -1;
        for (int attempt = 0; attempt < 60; attempt++) {
            if (responses(two, key).statusCode() == 401) {
                refusedAfterMs = (System.nanoTime() - revokedAt) / 1_000_000;
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(refusedAfterMs >= 0, "the other replica still serves a revoked key");
        assertTrue(refusedAfterMs <= 1200, "refused by the other replica only after " + refusedAfterMs + " ms");
    }

    @Test
    void aRotatedKeyReplacesTheOldOne() throws Exception {
        String old = issue("{\"owner\":\"rotate-me\"}");
        String id = idOf("rotate-me");
        assertEquals(200, responses(one, old).statusCode());
        HttpResponse<String> rotated = one.send("POST", "/admin/keys/" + id + "/rotate", null, ADMIN);
        String fresh = GatewayHttp.json(rotated).path("key").asText();
        issuedKeys.add(fresh);
        assertEquals(401, responses(one, old).statusCode());
        assertEquals(200, responses(one, fresh).statusCode());
    }

    @Test
    void disabledAndExpiredKeysAre401SayingWhy() throws Exception {
        String expired = issue("{\"owner\":\"old\",\"expires_at\":\"2020-01-01T00:00:00Z\"}");
        HttpResponse<String> expiredAnswer = responses(one, expired);
        assertEquals(401, expiredAnswer.statusCode());
        assertTrue(expiredAnswer.body().contains("expired"), expiredAnswer.body());

        String disabled = issue("{\"owner\":\"paused\",\"enabled\":false}");
        HttpResponse<String> disabledAnswer = responses(one, disabled);
        assertEquals(401, disabledAnswer.statusCode());
        assertTrue(disabledAnswer.body().contains("disabled"), disabledAnswer.body());
        assertFalse(disabledAnswer.body().contains(disabled.substring(6)), "the key is not echoed");
    }
}
