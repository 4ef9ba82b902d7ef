package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gemini turns, streamed and whole, leave ledger rows with Google's exact counts (cached and thinking tokens). */
class GeminiLedgerTest {

    private static final String KEY = "gm-ledger-secret-1234";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeGeminiServer gemini;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        gemini = FakeGeminiServer.start(KEY);
        gateway = GatewayProcess.builder()
                .property("gateway.gemini.base-url", gemini.baseUrl())
                .env("GEMINI_API_KEY", KEY)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, gemini);
    }

    private static String request(String model, boolean stream, String session) {
        String metadata = "{\\\"session_id\\\":\\\"" + session + "\\\"}";
        return "{\"model\":\"gemini/" + model + "\",\"stream\":" + stream + ",\"input\":[{\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],\"store\":false,"
                + "\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"cmd\":{\"type\":\"string\"}}}}],"
                + "\"client_metadata\":{\"x-codex-turn-metadata\":\"" + metadata + "\"}}";
    }

    @Test
    void aStreamedTurnWhoseUsageComesLastIsChargedExactly() throws Exception {
        gemini.enqueue(FakeGeminiServer.answer().thought("Hmm.").call("exec_command", "{\"cmd\":\"ls\"}", "sig-l")
                .usage(300, 120, 20, 5).usageInLastChunk());
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                request("ledger-stream", true, "sess-gm-1"), Duration.ofSeconds(30));
        assertEquals("response.completed", result.last().type(), result.body());

        JsonNode row = awaitRow("ledger-stream");
        assertEquals(300, row.path("input_tokens").asLong(), row.toString());
        assertEquals(120, row.path("cached_input_tokens").asLong());
        assertEquals(25, row.path("output_tokens").asLong());
        assertEquals(5, row.path("reasoning_tokens").asLong());
        assertEquals(0, row.path("estimated_requests").asLong());

        JsonNode turn = JSON.readTree(get("/admin/usage/sessions/sess-gm-1").body()).path("turns").get(0);
        assertEquals("exec_command", turn.path("tool_call_names").asText(), turn.toString());
        assertEquals("STOP", turn.path("terminal_event").asText());
        assertFalse(turn.path("usage_estimated").asBoolean());
    }

    @Test
    void aWholeTurnIsChargedExactly() throws Exception {
        gemini.enqueue(FakeGeminiServer.answer().text("Hello.").usage(40, 0, 6, 2));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses",
                request("ledger-whole", false, "sess-gm-2"));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode row = awaitRow("ledger-whole");
        assertEquals(40, row.path("input_tokens").asLong(), row.toString());
        assertEquals(8, row.path("output_tokens").asLong());
        assertEquals(2, row.path("reasoning_tokens").asLong());
        assertEquals(0, row.path("estimated_requests").asLong());
    }

    /** Polls the report for up to two seconds for the row of {@code model}. */
    private static JsonNode awaitRow(String model) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            JsonNode report = JSON.readTree(get("/admin/usage?group_by=provider,model").body());
            for (JsonNode row : report.path("rows")) {
                if (model.equals(row.path("model").asText())) {
                    return row;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ledger row for " + model + ": " + report);
            }
            Thread.sleep(25);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
