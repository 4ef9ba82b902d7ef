package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger in the real gateway process: a streamed Codex turn translated to Anthropic and a chat stream relayed
 * to an OpenAI-compatible server each leave a priced row with the provider's exact token counts, visible in
 * /admin/usage within a second.
 */
class LedgerGatewayTest {

    private static final String KEY = "sk-ant-ledger-secret-1234";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeAnthropicServer anthropic;
    private static FakeChatServer local;
    private static GatewayProcess gateway;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("ledger-gateway");
        anthropic = FakeAnthropicServer.start(KEY);
        local = FakeChatServer.start();
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.local.base-url", local.baseUrl())
                // AUTO_SERVER: the test reads the attempt rows while the gateway holds the file
                .property("gateway.db.url", dbUrl())
                .property("gateway.prices.file", Path.of("prices.yaml").toAbsolutePath().toString())
                .env("ANTHROPIC_API_KEY", KEY)
                .start();
    }

    private static String dbUrl() {
        return "jdbc:h2:file:" + data.resolve("gateway").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        anthropic.close();
        local.close();
    }

    @Test
    void aStreamedCodexTurnOverAnthropicIsChargedItsExactUsageAndCost() throws Exception {
        anthropic.enqueue(FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder().text("hello")
                .toolUse("toolu_1", "exec_command", "{\"cmd\":\"ls\"}").end("tool_use")));
        String metadata = "{\\\"session_id\\\":\\\"sess-ledger-1\\\",\\\"thread_id\\\":\\\"th-1\\\","
                + "\\\"turn_id\\\":\\\"turn-1\\\",\\\"request_kind\\\":\\\"turn\\\"}";
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                "{\"model\":\"anthropic/claude-opus-4-7\",\"stream\":true,\"input\":[{\"type\":\"message\","
                        + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"store\":false,"
                        + "\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\","
                        + "\"properties\":{\"cmd\":{\"type\":\"string\"}}}}],"
                        + "\"client_metadata\":{\"x-codex-turn-metadata\":\"" + metadata + "\"}}",
                Duration.ofSeconds(20));
        assertEquals("response.completed", result.last().type());

        JsonNode row = awaitRow("group_by=provider,model", "claude-opus-4-7");
        assertEquals("anthropic", row.path("provider").asText());
        assertEquals(1, row.path("requests").asLong());
        // the fake's message_start reports 10 input tokens, its message_delta 20 output tokens
        assertEquals(10, row.path("input_tokens").asLong());
        assertEquals(20, row.path("output_tokens").asLong());
        // 10 × $5 + 20 × $25 per million
        assertEquals(0, new BigDecimal("0.00055").compareTo(row.path("cost_usd").decimalValue()), row.toString());

        JsonNode session = JSON.readTree(get("/admin/usage/sessions/sess-ledger-1", "application/json").body());
        assertEquals(1, session.path("turns").size());
        JsonNode turn = session.path("turns").get(0);
        assertEquals("turn-1", turn.path("turn_id").asText());
        assertEquals("turn", turn.path("request_kind").asText());
        assertEquals("anthropic/claude-opus-4-7", turn.path("requested_model").asText());
        assertFalse(turn.path("usage_estimated").asBoolean());
        assertEquals(1, turn.path("tool_call_count").asInt());
        assertEquals("exec_command", turn.path("tool_call_names").asText());
        assertEquals("message_stop", turn.path("terminal_event").asText());
        assertEquals(200, turn.path("status").asInt());
    }

    @Test
    void aRelayedChatStreamIsChargedFromTheUsageChunkTheClientNeverSees() throws Exception {
        local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("hello from local")
                .finishReason("stop").usage(50, 7).build()));
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"local/ledger-model\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Duration.ofSeconds(20));

        assertEquals("[DONE]", result.last().data());
        assertTrue(local.lastRequest().body().path("stream_options").path("include_usage").asBoolean(),
                "the gateway asks for the usage chunk");
        assertTrue(result.events().stream().noneMatch(e -> e.data().contains("prompt_tokens")),
                "the client, which did not ask for usage, does not get the chunk");

        JsonNode row = awaitRow("group_by=provider,model", "ledger-model");
        assertEquals("local", row.path("provider").asText());
        assertEquals(50, row.path("input_tokens").asLong());
        assertEquals(7, row.path("output_tokens").asLong());
        assertTrue(row.path("cost_usd").isNull(), "an unpriced model costs null, never 0: " + row);
        assertEquals(1, row.path("unpriced_requests").asLong());

        String csv = get("/admin/usage?group_by=model", "text/csv").body();
        assertTrue(csv.startsWith("model,requests,input_tokens"), csv);
        assertTrue(csv.contains("\r\nledger-model,1,50,0,0,7,0,,1,0\r\n"), csv);
    }

    @Test
    void aStreamCutBeforeItsUsageIsChargedAnEstimateMarkedEstimatedNeverZero() throws Exception {
        local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("a fairly long answer that was cut ")
                .text("before the provider ever said").text(" how many tokens it used").finishReason("stop")
                .usage(500, 70).build()).cutHalfway());
        SseClient.stream(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"local/cut-model\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"tell me\"}]}", Duration.ofSeconds(20));

        JsonNode row = awaitRow("group_by=model", "cut-model");
        assertEquals(1, row.path("estimated_requests").asLong(), row.toString());
        assertTrue(row.path("input_tokens").asLong() > 0, "input estimated from the request: " + row);
        assertTrue(row.path("output_tokens").asLong() > 0, "output estimated from the streamed text: " + row);
    }

    @Test
    void aBadGroupIsRefusedNamingTheParameter() throws Exception {
        HttpResponse<String> response = get("/admin/usage?group_by=owner,colour", "application/json");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("group_by"), response.body());
    }

    @Test
    void aRetriedTurnHasOneRowPerAttemptWithTheRetryReasonAndOneSummary() throws Exception {
        anthropic.enqueue(FakeAnthropicServer.Reply.error(529, "overloaded_error", "Overloaded", Map.of()),
                FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder().text("second time").end("end_turn")));
        String metadata = "{\\\"session_id\\\":\\\"sess-retry\\\"}";
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                "{\"model\":\"anthropic/claude-sonnet-4-6\",\"stream\":true,\"input\":[{\"type\":\"message\","
                        + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],"
                        + "\"store\":false,\"client_metadata\":{\"x-codex-turn-metadata\":\"" + metadata + "\"}}",
                Duration.ofSeconds(30));
        assertEquals("response.completed", result.last().type(), result.body());

        JsonNode session = awaitSession("sess-retry");
        assertEquals(2, session.path("attempts").asInt(), session.toString());
        assertEquals(10, session.path("input_tokens").asLong(), "only the answered attempt used tokens");
        try (Connection c = DriverManager.getConnection(dbUrl(), "sa", "");
             ResultSet r = c.createStatement().executeQuery("SELECT attempt, attempt_reason, status, error_code,"
                     + " input_tokens, terminal_event FROM ledger_attempt WHERE session_id = 'sess-retry' ORDER BY attempt")) {
            assertTrue(r.next());
            assertEquals(1, r.getInt("attempt"));
            assertEquals(529, r.getInt("status"));
            assertNotNull(r.getString("error_code"));
            assertEquals(0, r.getLong("input_tokens"));
            assertTrue(r.next());
            assertEquals(2, r.getInt("attempt"));
            assertNotNull(r.getString("attempt_reason"), "why it was retried");
            assertEquals(200, r.getInt("status"));
            assertEquals("message_stop", r.getString("terminal_event"));
            assertFalse(r.next());
        }
    }

    private static JsonNode awaitSession(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            JsonNode turns = JSON.readTree(get("/admin/usage/sessions/" + id, "application/json").body()).path("turns");
            if (turns.size() == 1) {
                return turns.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no turn for session " + id + ": " + turns);
            }
            Thread.sleep(25);
        }
    }

    @Test
    void withTheLedgerOffNoDatabaseIsOpenedAndTheReportIsNotFound() throws Exception {
        try (GatewayProcess off = GatewayProcess.builder().property("gateway.ledger.enabled", "false")
                .property("gateway.local.base-url", local.baseUrl()).start()) {
            local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("unrecorded").finishReason("stop")
                    .usage(5, 1).build()));
            SseClient.Result result = SseClient.stream(off.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"local/off-model\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Duration.ofSeconds(20));
            assertEquals("[DONE]", result.last().data());
            HttpResponse<String> usage = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(off.baseUrl() + "/admin/usage")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, usage.statusCode(), usage.body());
            assertTrue(usage.body().contains("gateway.ledger.enabled"), usage.body());
            assertFalse(Files.exists(off.workDir().resolve("data")), "no database without ledger or keys");
        }
    }

    /** Polls the report for up to one second for the row whose model is {@code model}. */
    private static JsonNode awaitRow(String query, String model) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (true) {
            JsonNode report = JSON.readTree(get("/admin/usage?" + query, "application/json").body());
            for (JsonNode row : report.path("rows")) {
                if (model.equals(row.path("model").asText())) {
                    return row;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ledger row for " + model + " within a second: " + report);
            }
            Thread.sleep(25);
        }
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
