package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.testing.GatewayProcess;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key and team admin API of a real gateway process (auth mode any, H2 file database in its work dir). */
class KeyAdminApiTest {

    static final String ADMIN_TOKEN = "admin-token-for-key-tests-42";
    static final String PEPPER = "pepper-for-key-tests-0123456789";
    private static final Map<String, String> ADMIN = Map.of("authorization", "Bearer " + ADMIN_TOKEN);

    private static GatewayProcess gateway;
    private static GatewayHttp http;
    private static final List<String> issuedKeys = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayProcess.builder().env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN)
                .env("GATEWAY_KEY_PEPPER", PEPPER).start();
        http = new GatewayHttp(gateway.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        String log = gateway.log();
        gateway.close();
        for (String key : issuedKeys) {
            assertFalse(log.contains(key), "an issued key is in the gateway log");
            assertFalse(log.contains(key.substring(6)), "part of an issued key is in the gateway log");
        }
        assertFalse(log.contains(ADMIN_TOKEN));
        assertFalse(log.contains(PEPPER));
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return http.send(method, path, body, ADMIN);
    }

    private static JsonNode create(String body) throws Exception {
        HttpResponse<String> response = admin("POST", "/admin/keys", body);
        assertEquals(201, response.statusCode(), response.body());
        JsonNode created = GatewayHttp.json(response);
        issuedKeys.add(created.path("key").asText());
        return created;
    }

    @Test
    void aKeyIsIssuedOnceAndListedWithoutSecrets() throws Exception {
        JsonNode created = create("{\"owner\":\"ana\",\"team\":\"platform\",\"project\":\"web\","
                + "\"models\":[\"anthropic/*\",\"auto\"],\"budget\":{\"usd\":50,\"period\":\"month\"},"
                + "\"limits\":{\"rpm\":60,\"tpm\":200000},\"expires_at\":\"2099-01-01T00:00:00Z\","
                + "\"metadata\":{\"cost_center\":\"cc-42\"}}");
        String id = created.path("id").asText();
        String key = created.path("key").asText();
        assertTrue(id.startsWith("key_"), id);
        assertTrue(key.matches("sk-gw-[A-Za-z0-9_-]{43}"), key);
        assertEquals("ana", created.path("owner").asText());
        assertEquals("platform", created.path("team").asText());
        assertEquals("web", created.path("project").asText());
        assertEquals("[\"anthropic/*\",\"auto\"]", created.path("models").toString());
        assertEquals(50, created.path("budget").path("usd").asInt());
        assertEquals("month", created.path("budget").path("period").asText());
        assertEquals(60, created.path("limits").path("rpm").asInt());
        assertEquals(200000, created.path("limits").path("tpm").asInt());
        assertEquals("2099-01-01T00:00:00Z", created.path("expires_at").asText());
        assertEquals("active", created.path("status").asText());
        assertEquals("cc-42", created.path("metadata").path("cost_center").asText());
        assertFalse(created.has("hash") || created.has("key_hash"));

        HttpResponse<String> one = admin("GET", "/admin/keys/" + id, null);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals("ana", GatewayHttp.json(one).path("owner").asText());
        HttpResponse<String> list = admin("GET", "/admin/keys", null);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains(id));
        for (HttpResponse<String> shown : List.of(one, list)) {
            assertFalse(shown.body().contains(key), "the plain key is shown only at creation");
            assertFalse(shown.body().contains(key.substring(6)));
            assertFalse(shown.body().contains("hash"), shown.body());
        }
    }

    @Test
    void onlyTheOwnerIsRequired() throws Exception {
        JsonNode created = create("{\"owner\":\"bo\"}");
        assertTrue(created.path("models").isEmpty());
        assertTrue(created.path("budget").isNull());
        assertTrue(created.path("limits").isNull());
        assertTrue(created.path("enabled").asBoolean());
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNames() throws Exception {
        String id = create("{\"owner\":\"cy\",\"team\":\"data\"}").path("id").asText();
        HttpResponse<String> patched = admin("PATCH", "/admin/keys/" + id,
                "{\"budget\":{\"usd\":12.5,\"period\":\"week\"},\"enabled\":false}");
        assertEquals(200, patched.statusCode(), patched.body());
        JsonNode body = GatewayHttp.json(patched);
        assertEquals("12.5", body.path("budget").path("usd").asText());
        assertEquals("week", body.path("budget").path("period").asText());
        assertEquals("disabled", body.path("status").asText());
        assertEquals("data", body.path("team").asText());
        assertEquals("disabled", GatewayHttp.json(admin("GET", "/admin/keys/" + id, null)).path("status").asText());
        assertEquals(400, admin("PATCH", "/admin/keys/" + id, "{\"owner\":null}").statusCode());
    }

    @Test
    void rotationGivesANewKeyOnceAndRevocationIsFinal() throws Exception {
        JsonNode created = create("{\"owner\":\"di\"}");
        String id = created.path("id").asText();
        HttpResponse<String> rotated = admin("POST", "/admin/keys/" + id + "/rotate", null);
        assertEquals(200, rotated.statusCode(), rotated.body());
        String newKey = GatewayHttp.json(rotated).path("key").asText();
        issuedKeys.add(newKey);
        assertTrue(newKey.startsWith("sk-gw-"));
        assertNotEquals(created.path("key").asText(), newKey);
        assertEquals(id, GatewayHttp.json(rotated).path("id").asText());

        HttpResponse<String> deleted = admin("DELETE", "/admin/keys/" + id, null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals("revoked", GatewayHttp.json(deleted).path("status").asText());
        assertFalse(deleted.body().contains(newKey));
        assertEquals(409, admin("PATCH", "/admin/keys/" + id, "{\"enabled\":true}").statusCode());
        assertEquals(409, admin("POST", "/admin/keys/" + id + "/rotate", null).statusCode());
        assertEquals("revoked", GatewayHttp.json(admin("GET", "/admin/keys/" + id, null)).path("status").asText());
    }

    @Test
    void unknownIdsAre404() throws Exception {
        for (HttpResponse<String> response : List.of(admin("GET", "/admin/keys/key_doesnotexist00", null),
                admin("PATCH", "/admin/keys/key_doesnotexist00", "{\"owner\":\"x\"}"),
                admin("POST", "/admin/keys/key_doesnotexist00/rotate", null),
                admin("DELETE", "/admin/keys/key_doesnotexist00", null),
                admin("GET", "/admin/teams/nosuchteam", null),
                admin("PATCH", "/admin/teams/nosuchteam", "{\"limits\":{\"rpm\":1}}"))) {
            assertEquals(404, response.statusCode(), response.body());
            assertTrue(GatewayHttp.json(response).path("error").path("code").asText().endsWith("_not_found"),
                    response.body());
        }
    }

    @Test
    void aMissingOrWrongAdminTokenIs401() throws Exception {
        String virtualKey = create("{\"owner\":\"eve\"}").path("key").asText();
        List<Map<String, String>> wrong = List.of(Map.of(), Map.of("authorization", "Bearer wrong-token"),
                Map.of("authorization", "Bearer " + ADMIN_TOKEN + "x"), Map.of("authorization", ADMIN_TOKEN),
                Map.of("authorization", "Bearer " + virtualKey));
        for (Map<String, String> headers : wrong) {
            for (String[] call : new String[][] {{"GET", "/admin/keys"}, {"POST", "/admin/keys"},
                    {"GET", "/admin/teams"}, {"DELETE", "/admin/keys/key_whatever000"}}) {
                HttpResponse<String> response = http.send(call[0], call[1], "POST".equals(call[0])
                        ? "{\"owner\":\"mallory\"}" : null, headers);
                assertEquals(401, response.statusCode(), call[0] + " " + call[1] + " " + headers.keySet());
                assertEquals("invalid_admin_token", GatewayHttp.json(response).path("error").path("code").asText());
            }
        }
    }

    @Test
    void invalidKeyRequestsAre400NamingTheField() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "owner");
        cases.put("{\"owner\":\"\"}", "owner");
        cases.put("{\"owner\":42}", "owner");
        cases.put("{\"owner\":\"a\",\"budget\":{\"usd\":-1}}", "budget.usd");
        cases.put("{\"owner\":\"a\",\"budget\":{\"usd\":\"5\"}}", "budget.usd");
        cases.put("{\"owner\":\"a\",\"budget\":{\"usd\":5,\"period\":\"year\"}}", "budget.period");
        cases.put("{\"owner\":\"a\",\"budget\":{\"usd\":5,\"currency\":\"eur\"}}", "budget.currency");
        cases.put("{\"owner\":\"a\",\"budget\":5}", "budget");
        cases.put("{\"owner\":\"a\",\"limits\":{\"rpm\":0}}", "limits.rpm");
        cases.put("{\"owner\":\"a\",\"limits\":{\"tpm\":1.5}}", "limits.tpm");
        cases.put("{\"owner\":\"a\",\"limits\":{\"rpm\":\"60\"}}", "limits.rpm");
        cases.put("{\"owner\":\"a\",\"expires_at\":\"tomorrow\"}", "expires_at");
        cases.put("{\"owner\":\"a\",\"expires_at\":1767225600}", "expires_at");
        cases.put("{\"owner\":\"a\",\"models\":\"anthropic/*\"}", "models");
        cases.put("{\"owner\":\"a\",\"models\":[\"auto\",7]}", "models[1]");
        cases.put("{\"owner\":\"a\",\"enabled\":\"yes\"}", "enabled");
        cases.put("{\"owner\":\"a\",\"metadata\":[]}", "metadata");
        cases.put("{\"owner\":\"a\",\"colour\":\"blue\"}", "colour");
        cases.put("{\"owner\":\"a\",\"key\":\"sk-gw-chosen\"}", "key");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            HttpResponse<String> response = admin("POST", "/admin/keys", bad.getKey());
            assertEquals(400, response.statusCode(), bad.getKey() + " -> " + response.body());
            JsonNode error = GatewayHttp.json(response).path("error");
            assertEquals(bad.getValue(), error.path("param").asText(), bad.getKey() + " -> " + response.body());
            assertTrue(error.path("message").asText().contains(bad.getValue()), response.body());
        }
    }

    @Test
    void malformedAndOversizedBodiesAre400And413() throws Exception {
        for (String body : List.of("", "{", "[]", "\"owner\"", "{\"owner\":\"a\",}", "null")) {
            HttpResponse<String> response = admin("POST", "/admin/keys", body);
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            assertEquals("invalid_request_error", GatewayHttp.json(response).path("error").path("type").asText());
        }
        String huge = "{\"owner\":\"a\",\"metadata\":{\"x\":\"" + "y".repeat(100_000) + "\"}}";
        HttpResponse<String> oversized = admin("POST", "/admin/keys", huge);
        assertEquals(413, oversized.statusCode(), oversized.body());
        HttpResponse<String> form = http.send("POST", "/admin/keys", "owner=a", Map.of("authorization",
                "Bearer " + ADMIN_TOKEN, "content-type", "application/x-www-form-urlencoded"));
        assertEquals(415, form.statusCode(), form.body());
        HttpResponse<String> put = admin("PUT", "/admin/keys/key_abcdefghij", "{\"owner\":\"a\"}");
        assertEquals(405, put.statusCode(), put.body());
    }

    @Test
    void teamsAreCreatedListedAndChanged() throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/teams",
                "{\"name\":\"platform-eu\",\"budget\":{\"usd\":1000,\"period\":\"month\"},\"limits\":{\"rpm\":600}}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(1000, GatewayHttp.json(created).path("budget").path("usd").asInt());
        assertEquals(409, admin("POST", "/admin/teams", "{\"name\":\"platform-eu\"}").statusCode());
        assertEquals(400, admin("POST", "/admin/teams", "{\"name\":\"no spaces\"}").statusCode());
        assertEquals(400, admin("POST", "/admin/teams", "{}").statusCode());
        HttpResponse<String> badField = admin("POST", "/admin/teams", "{\"name\":\"t2\",\"owner\":\"x\"}");
        assertEquals("owner", GatewayHttp.json(badField).path("error").path("param").asText());

        HttpResponse<String> patched = admin("PATCH", "/admin/teams/platform-eu",
                "{\"limits\":{\"rpm\":100,\"tpm\":50000},\"budget\":null}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertEquals(100, GatewayHttp.json(patched).path("limits").path("rpm").asInt());
        assertTrue(GatewayHttp.json(patched).path("budget").isNull());
        assertEquals(400, admin("PATCH", "/admin/teams/platform-eu", "{\"name\":\"renamed\"}").statusCode());
        assertEquals(400, admin("PATCH", "/admin/teams/platform-eu", "{").statusCode());

        HttpResponse<String> one = admin("GET", "/admin/teams/platform-eu", null);
        assertEquals(50000, GatewayHttp.json(one).path("limits").path("tpm").asInt());
        assertTrue(admin("GET", "/admin/teams", null).body().contains("\"platform-eu\""));
    }

    @Test
    void withoutAnAdminTokenTheKeyApiIsOff() throws Exception {
        try (GatewayProcess plain = GatewayProcess.builder().env("GATEWAY_KEY_PEPPER", PEPPER).start()) {
            GatewayHttp noAdmin = new GatewayHttp(plain.baseUrl());
            for (String[] call : new String[][] {{"GET", "/admin/keys"}, {"POST", "/admin/keys"},
                    {"GET", "/admin/teams"}, {"POST", "/admin/keys/key_abcdefgh12/rotate"}}) {
                HttpResponse<String> response = noAdmin.send(call[0], call[1], "POST".equals(call[0])
                        ? "{\"owner\":\"a\"}" : null, Map.of("authorization", "Bearer anything"));
                assertEquals(404, response.statusCode(), call[1] + " " + response.body());
                assertTrue(response.body().contains("GATEWAY_ADMIN_TOKEN"), response.body());
            }
            // the ledger is on by default, so the gateway's database is there; the key API stays off all the same
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (!plain.workDir().resolve("data/gateway.mv.db").toFile().exists() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(plain.workDir().resolve("data/gateway.mv.db").toFile().exists(), "the ledger's database");
            assertEquals(404, noAdmin.send("GET", "/admin/keys", null, Map.of("authorization", "Bearer anything"))
                    .statusCode());
        }
    }
}
