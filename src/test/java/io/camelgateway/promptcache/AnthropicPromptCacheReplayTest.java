package io.camelgateway.promptcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.AnthropicPromptCacheModel.CacheUsage;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The captured two-turn Codex session through the real gateway to a fake Anthropic API with prompt-cache semantics
 * ({@link io.camelgateway.fakes.AnthropicPromptCacheModel}): the gateway's automatic breakpoints make turn 1 write
 * the prefix and turn 2 read it, and the cached tokens reach the client's usage and the ledger.
 *
 * <p>Turn 2 is built as Codex builds it: the captured turn-2 history, with the assistant items the gateway
 * answered turn 1 with (reasoning and function call) in place of the capture's stub answer, then the captured
 * tool output. (The capture came from a stub without reasoning; replaying it unchanged would switch thinking off
 * between the turns, which at Anthropic invalidates the cached messages.)
 */
class AnthropicPromptCacheReplayTest {

    private static final String KEY = "sk-ant-pcache-secret-1234";
    private static final String MODEL = "claude-sonnet-4-6";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeAnthropicServer anthropic;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("pcache-gateway");
        anthropic = FakeAnthropicServer.start(KEY).withPromptCache();
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.db.url", "jdbc:h2:file:" + data.resolve("gateway").toAbsolutePath())
                .property("gateway.prices.file", Path.of("prices.yaml").toAbsolutePath().toString())
                .env("ANTHROPIC_API_KEY", KEY)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        anthropic.close();
    }

    @Test
    void turnTwoOfTheCodexSessionReadsItsPrefixFromTheCacheTurnOneWrote() throws Exception {
        ObjectNode turn1 = capture("turn1-request-body.json");
        ObjectNode turn2 = capture("turn2-request-body.json");
        ArrayNode history1 = (ArrayNode) turn1.get("input");
        ArrayNode history2 = (ArrayNode) turn2.get("input");
        for (int i = 0; i < history1.size(); i++) {
            assertEquals(history1.get(i), history2.get(i), "turn 2 of the capture extends turn 1");
        }

        anthropic.enqueue(Reply.sse(new FakeAnthropicServer.SseBuilder().thinking("Run it.", "sig-pcache-1")
                .toolUse("toolu_pcache_1", "exec_command", "{\"cmd\": \"echo hello\"}").end("tool_use")));
        JsonNode completed1 = turn(turn1);
        JsonNode output1 = completed1.path("output");
        assertEquals("function_call", output1.get(output1.size() - 1).path("type").asText(), output1.toString());

        ArrayNode input2 = JSON.createArrayNode();
        history1.forEach(input2::add);
        output1.forEach(input2::add);
        ObjectNode toolOutput = history2.get(history2.size() - 1).deepCopy();
        assertEquals("function_call_output", toolOutput.path("type").asText());
        toolOutput.put("call_id", output1.get(output1.size() - 1).path("call_id").asText());
        input2.add(toolOutput);
        turn2.set("input", input2);
        anthropic.enqueue(Reply.sse(FakeAnthropicServer.textStream("hello")));
        JsonNode completed2 = turn(turn2);

        List<FakeAnthropicServer.RecordedRequest> requests = anthropic.requests();
        assertEquals(2, requests.size());
        for (FakeAnthropicServer.RecordedRequest request : requests) {
            assertNull(request.rejection(), "rejected: " + request.rejection());
        }
        List<CacheUsage> usage = anthropic.promptCache().usages();
        CacheUsage first = usage.get(0);
        CacheUsage second = usage.get(1);
        assertTrue(first.breakpoints() >= 1 && second.breakpoints() <= 4, usage.toString());
        assertEquals(0, first.cacheReadInputTokens(), "nothing to read on the first turn");
        assertTrue(first.cacheCreationInputTokens() > 0.9 * first.totalInputTokens(), "turn 1 writes: " + first);
        assertTrue(second.cacheReadInputTokens() >= 0.9 * second.totalInputTokens(),
                "turn 2 reads at least 90 % of its input from the cache: " + second);
        // the peer bug: writing on every request and never reading, which makes every turn cost 1.25x
        assertTrue(second.cacheCreationInputTokens() < 0.1 * second.cacheReadInputTokens(),
                "turn 2 writes only what it added: " + second);

        JsonNode usage2 = completed2.path("usage");
        assertEquals(second.totalInputTokens(), usage2.path("input_tokens").asLong(), usage2.toString());
        assertEquals(second.cacheReadInputTokens(), usage2.path("input_tokens_details").path("cached_tokens").asLong(),
                usage2.toString());
        assertEquals(first.cacheReadInputTokens(),
                completed1.path("usage").path("input_tokens_details").path("cached_tokens").asLong());

        JsonNode row = awaitRow(MODEL, 2);
        assertEquals(first.totalInputTokens() + second.totalInputTokens(), row.path("input_tokens").asLong(), row.toString());
        assertEquals(second.cacheReadInputTokens(), row.path("cached_input_tokens").asLong(), row.toString());
        long writes = first.cacheCreationInputTokens() + second.cacheCreationInputTokens();
        assertEquals(writes, row.path("cache_write_tokens").asLong(), row.toString());
        long uncached = first.inputTokens() + second.inputTokens();
        // sonnet 4.6: $3 input, $0.30 cache read, $3.75 cache write, $15 output per million; 20 output tokens a turn
        BigDecimal expected = BigDecimal.valueOf(uncached * 300 + second.cacheReadInputTokens() * 30 + writes * 375
                + 40 * 1500).movePointLeft(8);
        assertEquals(0, expected.compareTo(row.path("cost_usd").decimalValue()), expected + " vs " + row);
    }

    @Test
    void aShortPromptGetsNoBreakpointAndPaysNoWrite() throws Exception {
        anthropic.enqueue(Reply.sse(FakeAnthropicServer.textStream("hi")));
        int before = anthropic.requestCount();
        turn((ObjectNode) JSON.readTree("{\"model\":\"anthropic/claude-haiku-4-5\",\"stream\":true,\"store\":false,"
                + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"hi\"}]}]}"));
        assertEquals(before + 1, anthropic.requestCount());
        assertTrue(!anthropic.lastRequest().rawBody().contains("cache_control"), anthropic.lastRequest().rawBody());
    }

    private static ObjectNode capture(String name) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Files.readString(Path.of("src/test/resources/codex-captures", name)));
        body.put("model", "anthropic/" + MODEL);
        return body;
    }

    /** One streamed Responses turn; the {@code response} of its {@code response.completed} event. */
    private static JsonNode turn(ObjectNode body) throws Exception {
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", body.toString(),
                Duration.ofSeconds(30));
        assertEquals(200, result.status(), result.body());
        assertEquals("response.completed", result.last().type(), result.body());
        return result.last().json().path("response");
    }

    /** Polls the usage report for up to two seconds for the model's row once it counts {@code requests}. */
    private static JsonNode awaitRow(String model, int requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                    + "/admin/usage?group_by=provider,model")).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(10)).GET().build();
            JsonNode report = JSON.readTree(HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode row : report.path("rows")) {
                if (model.equals(row.path("model").asText()) && row.path("requests").asInt() >= requests) {
                    return row;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ledger row for " + model + " with " + requests + " requests: " + report);
            }
            Thread.sleep(25);
        }
    }
}
