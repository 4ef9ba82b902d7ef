package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.LocalPostgres;
import io.camelgateway.testing.TestRunRecord;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway process on a real PostgreSQL (gateway.db.url), in auth mode keys: every row carries the key's owner,
 * team and project on the three client paths (Responses streamed over Anthropic, Messages relayed to Anthropic, chat
 * relayed to an OpenAI-compatible server) and /admin/usage reports them; with the server stopped, turns keep being
 * answered and every row arrives once it returns; SIGTERM drains rows still buffered.
 */
class PostgresLedgerGatewayTest {

    private static final String PROVIDER_KEY = "sk-ant-pg-ledger-secret-5678";
    private static final String ADMIN_TOKEN = "admin-token-for-pg-ledger-test";
    private static final String PEPPER = "pepper-for-the-pg-ledger-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static LocalPostgres postgres;
    private static FakeAnthropicServer anthropic;
    private static FakeChatServer local;
    private static GatewayProcess gateway;
    private static String dbUrl;

    @BeforeAll
    static void start() throws Exception {
        postgres = LocalPostgres.start();
        dbUrl = postgres.createDatabase("gateway");
        anthropic = FakeAnthropicServer.start(PROVIDER_KEY);
        local = FakeChatServer.start();
        gateway = gateway(dbUrl).property("gateway.auth.mode", "keys")
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN).env("GATEWAY_KEY_PEPPER", PEPPER).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
        if (local != null) {
            local.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static GatewayProcess.Builder gateway(String url) {
        return GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.local.base-url", local.baseUrl())
                .property("gateway.db.url", url)
                .property("gateway.db.user", postgres.user())
                .property("gateway.prices.file", Path.of("prices.yaml").toAbsolutePath().toString())
                .env("ANTHROPIC_API_KEY", PROVIDER_KEY);
    }

    @Test
    void everyPathLeavesCompleteRowsWithTheKeysOwnerTeamAndProject() throws Exception {
        String key = issueKey("ana", "platform", "web");

        anthropic.enqueue(FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder().text("hello")
                .toolUse("toolu_1", "exec_command", "{\"cmd\":\"ls\"}").end("tool_use")));
        String metadata = "{\\\"session_id\\\":\\\"sess-pg-1\\\",\\\"thread_id\\\":\\\"th-pg\\\","
                + "\\\"turn_id\\\":\\\"turn-pg-1\\\",\\\"request_kind\\\":\\\"turn\\\"}";
        HttpResponse<String> responses = post("/v1/responses", "{\"model\":\"auto\",\"stream\":true,"
                + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],"
                + "\"store\":false,\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}}}}],"
                + "\"client_metadata\":{\"x-codex-turn-metadata\":\"" + metadata + "\"}}", Map.of("authorization", "Bearer " + key));
        assertEquals(200, responses.statusCode(), responses.body());
        assertTrue(responses.body().contains("response.completed"), responses.body());

        anthropic.enqueue(FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder().text("from messages")
                .end("end_turn")));
        HttpResponse<String> messages = post("/v1/messages", "{\"model\":\"anthropic/claude-sonnet-4-6\","
                + "\"max_tokens\":256,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                Map.of("x-api-key", key, "anthropic-version", "2023-06-01", "x-claude-code-session-id", "cc-sess-1"));
        assertEquals(200, messages.statusCode(), messages.body());
        assertTrue(messages.body().contains("message_stop"), messages.body());

        local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("from chat").finishReason("stop")
                .usage(50, 7).build()));
        HttpResponse<String> chat = post("/v1/chat/completions", "{\"model\":\"local/pg-model\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("authorization", "Bearer " + key));
        assertEquals(200, chat.statusCode(), chat.body());

        Map<String, JsonNode> byModel = awaitRows("ana", 3);
        JsonNode haiku = byModel.get("claude-haiku-4-5");
        assertNotNull(haiku, byModel.toString());
        assertEquals("platform", haiku.path("team").asText());
        assertEquals("anthropic", haiku.path("provider").asText());
        assertEquals("default", haiku.path("route").asText(), "auto went through the router");
        assertEquals(10, haiku.path("input_tokens").asLong());
        assertEquals(20, haiku.path("output_tokens").asLong());
        // 10 × $1 + 20 × $5 per million
        assertEquals(0, new BigDecimal("0.00011").compareTo(haiku.path("cost_usd").decimalValue()), haiku.toString());
        JsonNode sonnet = byModel.get("claude-sonnet-4-6");
        assertEquals(10, sonnet.path("input_tokens").asLong());
        assertEquals(20, sonnet.path("output_tokens").asLong());
        assertEquals(0, new BigDecimal("0.00033").compareTo(sonnet.path("cost_usd").decimalValue()), sonnet.toString());
        JsonNode chatRow = byModel.get("pg-model");
        assertEquals(50, chatRow.path("input_tokens").asLong());
        assertEquals(7, chatRow.path("output_tokens").asLong());
        assertTrue(chatRow.path("cost_usd").isNull(), "unpriced: null, never 0");

        try (Connection c = DriverManager.getConnection(dbUrl, postgres.user(), "");
             PreparedStatement s = c.prepareStatement("SELECT * FROM ledger_attempt WHERE owner_name = 'ana'"
                     + " ORDER BY created_at, id")) {
            try (ResultSet r = s.executeQuery()) {
                Map<String, String> terminal = new HashMap<>();
                int rows = 0;
                while (r.next()) {
                    rows++;
                    String model = r.getString("upstream_model");
                    assertTrue(r.getString("key_id").startsWith("key_"), model);
                    assertEquals("platform", r.getString("team"), model);
                    assertEquals("web", r.getString("project"), model);
                    assertEquals(1, r.getInt("attempt"), model);
                    assertNull(r.getString("attempt_reason"), model);
                    assertEquals(200, r.getInt("status"), model);
                    assertNull(r.getString("error_code"), model);
                    assertNotNull(r.getString("requested_model"), model);
                    assertNotNull(r.getString("provider"), model);
                    assertTrue(r.getLong("latency_ms") >= 0, model);
                    r.getLong("ttft_ms");
                    assertFalse(r.wasNull(), "time to first token on " + model);
                    assertTrue(r.getLong("input_tokens") > 0 && r.getLong("output_tokens") > 0, model);
                    assertFalse(r.getBoolean("usage_estimated"), model);
                    terminal.put(model, r.getString("terminal_event") + "/" + r.getInt("tool_call_count") + "/"
                            + r.getString("tool_call_names"));
                    if ("claude-haiku-4-5".equals(model)) {
                        assertEquals("auto", r.getString("requested_model"));
                        assertEquals("sess-pg-1", r.getString("session_id"));
                        assertEquals("th-pg", r.getString("thread_id"));
                        assertEquals("turn-pg-1", r.getString("turn_id"));
                        assertEquals("turn", r.getString("request_kind"));
                    }
                    if ("claude-sonnet-4-6".equals(model)) {
                        assertEquals("cc-sess-1", r.getString("session_id"), "Claude Code's session header");
                    }
                }
                assertEquals(3, rows);
                assertEquals("message_stop/1/exec_command", terminal.get("claude-haiku-4-5"));
                assertEquals("message_stop/0/", terminal.get("claude-sonnet-4-6"));
                assertEquals("[DONE]/0/", terminal.get("pg-model"));
            }
        }

        JsonNode session = JSON.readTree(get("/admin/usage/sessions/sess-pg-1", "application/json").body());
        assertEquals("ana", session.path("turns").get(0).path("owner").asText(), session.toString());
        assertEquals("platform", session.path("turns").get(0).path("team").asText());
        JsonNode report = JSON.readTree(get("/admin/usage?group_by=owner", "application/json").body());
        JsonNode savings = report.path("savings");
        assertEquals("anthropic/claude-opus-4-7", savings.path("flagship").asText(), "the router's hard-turn target");
        assertTrue(savings.path("routed_requests").asLong() >= 1, savings.toString());
        assertTrue(savings.path("saved_usd").decimalValue().signum() > 0, "haiku is cheaper than the flagship: " + savings);
        String csv = get("/admin/usage?group_by=owner,team", "text/csv").body();
        assertTrue(csv.contains("\r\nana,platform,3,"), csv);
    }

    @Test
    void withTheDatabaseStoppedTurnsAreAnsweredAndEveryRowArrivesWhenItReturns() throws Exception {
        String key = issueKey("bo", "data", null);
        chatTurn(key);
        awaitRows("bo", 1);

        int turns = 5;
        postgres.stop();
        try {
            for (int i = 0; i < turns; i++) {
                chatTurn(key);
            }
            assertEquals(503, get("/admin/usage?group_by=owner", "application/json").statusCode(),
                    "the report says the ledger cannot be read");
        } finally {
            postgres.restart();
        }
        JsonNode bo = awaitRows("bo", turns + 1).get("outage-model");
        assertEquals(turns + 1, bo.path("requests").asLong());
        assertEquals((turns + 1) * 50L, bo.path("input_tokens").asLong());
    }

    @Test
    void sigtermWritesRowsBufferedWhileTheDatabaseWasDown() throws Exception {
        String url = postgres.createDatabase("drained");
        try (GatewayProcess drained = gateway(url).start()) {
            String base = drained.baseUrl();
            anonymousChatTurn(base);
            awaitCount(url, 1);
            int turns = 4;
            postgres.stop();
            try {
                for (int i = 0; i < turns; i++) {
                    anonymousChatTurn(base);
                }
                drained.terminate();
                // the writer cannot have written these yet: the server comes back while the gateway is stopping
                Thread.sleep(1_000);
            } finally {
                postgres.restart();
            }
            assertTrue(drained.waitForExit(60), "the gateway exits");
            assertEquals(turns + 1, count(url), drained.log());
            assertTrue(drained.log().contains("Ledger drained"), drained.log());
        }
    }

    private static void chatTurn(String key) throws Exception {
        local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("kept flowing").finishReason("stop")
                .usage(50, 5).build()));
        HttpResponse<String> chat = post("/v1/chat/completions", "{\"model\":\"local/outage-model\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of("authorization", "Bearer " + key));
        assertEquals(200, chat.statusCode(), chat.body());
        assertTrue(chat.body().contains("[DONE]"), chat.body());
    }

    private static void anonymousChatTurn(String base) throws Exception {
        local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("drain me").finishReason("stop")
                .usage(40, 4).build()));
        HttpResponse<String> chat = send(base, "POST", "/v1/chat/completions", "{\"model\":\"local/drain-model\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Map.of());
        assertEquals(200, chat.statusCode(), chat.body());
    }

    private static String issueKey(String owner, String team, String project) throws Exception {
        String body = "{\"owner\":\"" + owner + "\",\"team\":\"" + team + "\""
                + (project == null ? "" : ",\"project\":\"" + project + "\"") + "}";
        HttpResponse<String> created = post("/admin/keys", body, Map.of("authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(201, created.statusCode(), created.body());
        TestRunRecord.issuedKeys(created.body());
        return JSON.readTree(created.body()).path("key").asText();
    }

    /** The report rows of one owner by model, once it shows {@code turns} requests (bounded wait). */
    private static Map<String, JsonNode> awaitRows(String owner, int turns) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HttpResponse<String> response = get("/admin/usage?group_by=owner,team,model,provider,route,day",
                    "application/json");
            Map<String, JsonNode> byModel = new HashMap<>();
            long requests = 0;
            if (response.statusCode() == 200) {
                for (JsonNode row : JSON.readTree(response.body()).path("rows")) {
                    if (owner.equals(row.path("owner").asText())) {
                        byModel.put(row.path("model").asText(), row);
                        requests += row.path("requests").asLong();
                    }
                }
            }
            if (requests == turns) {
                return byModel;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(owner + ": " + requests + " of " + turns + " turns in the report: "
                        + response.body());
            }
            Thread.sleep(50);
        }
    }

    private static void awaitCount(String url, long rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(url) != rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + rows + " turns, found " + count(url));
            }
            Thread.sleep(50);
        }
    }

    private static long count(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, postgres.user(), "");
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM ledger_turn")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        return send(gateway.baseUrl(), "POST", path, body, headers);
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return send(gateway.baseUrl(), "GET", path, null, Map.of("accept", accept, "authorization",
                "Bearer " + ADMIN_TOKEN));
    }

    private static HttpResponse<String> send(String base, String method, String path, String body,
                                             Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
