package io.camelgateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.fakes.LoopbackHttpServer;
import io.camelgateway.testing.GatewayProcess;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The response cache in the real gateway process over a counting fake OpenAI upstream: a replay-safe turn goes
 * upstream once and is then replayed (as a Responses stream, a chat stream or a JSON body, whichever the client
 * asks) with fresh ids; unsafe, opted-out, different or failed turns are never served from it; a hit is a ledger row
 * at zero cost.
 */
class ResponseCacheGatewayTest {

    private static final String KEY = "sk-openai-cache-test";
    private static final String TOOLS = "[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},\"required\":[\"cmd\"],"
            + "\"additionalProperties\":false}}]";
    private static final String ARGS = "{\"cmd\":\"ls -la\"}";

    private static FakeOpenAiServer openai;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        openai = FakeOpenAiServer.start(KEY).respondWith(ResponseCacheGatewayTest::answer);
        gateway = GatewayProcess.builder()
                .property("gateway.openai.base-url", openai.baseUrl())
                .property("gateway.cache.enabled", "true")
                .property("gateway.prices.file", java.nio.file.Path.of("prices.yaml").toAbsolutePath().toString())
                .env("OPENAI_API_KEY", KEY).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (openai != null) {
            openai.close();
        }
    }

    /** The fake's answer: a failed stream for a prompt saying "fail", else reasoning, text and a tool call. */
    static Reply answer(LoopbackHttpServer.Received received) {
        JsonNode body;
        try {
            body = CacheHttp.JSON.readTree(received.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        boolean stream = body.path("stream").asBoolean(false);
        if (body.toString().contains("please fail")) {
            return stream ? Reply.sse("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":0,"
                    + "\"response\":{\"id\":\"resp_f\",\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n"
                    + "event: response.failed\ndata: {\"type\":\"response.failed\",\"sequence_number\":1,\"response\":"
                    + "{\"id\":\"resp_f\",\"object\":\"response\",\"status\":\"failed\",\"output\":[],\"error\":"
                    + "{\"code\":\"server_error\",\"message\":\"boom\"}}}\n\n")
                    : Reply.error(400, "no", "invalid_request_error", "bad");
        }
        if (received.path().endsWith("/chat/completions")) {
            // a chat client is relayed to OpenAI's Chat Completions
            if (!stream) {
                ObjectNode completion = FakeChatServer.toolCallCompletion("exec_command", ARGS);
                ((ObjectNode) completion.path("choices").get(0).path("message")).put("content", "cached hello");
                return Reply.json(completion.toString());
            }
            return Reply.sse(FakeChatServer.stream().text("cached ").text("hello")
                    .toolCall("exec_command", "{\"cmd\":", "\"ls -la\"}").usage(42, 17).build().stream()
                    .map(data -> "data: " + data).toList());
        }
        ResponsesAnswer answer = new ResponsesAnswer().reasoning("thinking it over", "gAAAA-encrypted")
                .text("cached hello").functionCall("call_orig", "exec_command", ARGS);
        return stream ? Reply.sse(answer.sse()) : Reply.json(answer.json());
    }

    private static String responses(String prompt, boolean stream, String extra) {
        return "{\"model\":\"openai/gpt-5-test\",\"stream\":" + stream + extra + ",\"input\":[{\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"" + prompt + "\"}]}],"
                + "\"tools\":" + TOOLS + ",\"store\":false}";
    }

    private static String chat(String prompt, boolean stream) {
        return "{\"model\":\"openai/gpt-5-test\",\"stream\":" + stream + ",\"temperature\":0,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\",\"properties\":{\"cmd\":"
                + "{\"type\":\"string\"}},\"required\":[\"cmd\"],\"additionalProperties\":false}}}]}";
    }

    private static CacheHttp.Answer post(String path, String body, String... headers) throws Exception {
        return CacheHttp.post(gateway.baseUrl() + path, body, headers);
    }

    @Test
    void aReplaySafeStreamIsFetchedOnceThenReplayedAsAValidResponsesStreamWithFreshIds() throws Exception {
        String body = responses("stream me", true, ",\"temperature\":0");
        int before = openai.requestCount();
        CacheHttp.Answer first = post("/v1/responses", body);
        assertEquals(200, first.status(), first.body());
        assertEquals("miss", first.cache());
        assertEquals(before + 1, openai.requestCount());

        CacheHttp.Answer second = post("/v1/responses", body);
        assertEquals(200, second.status(), second.body());
        assertEquals("hit", second.cache());
        assertEquals(before + 1, openai.requestCount(), "a hit makes no upstream call");

        ResponsesStreamCheck.valid(second);
        JsonNode completed = second.last().path("response");
        assertEquals("completed", completed.path("status").asText());
        JsonNode output = completed.path("output");
        assertEquals(List.of("reasoning", "message", "function_call"), List.of(output.get(0).path("type").asText(),
                output.get(1).path("type").asText(), output.get(2).path("type").asText()));
        assertEquals("gAAAA-encrypted", output.get(0).path("encrypted_content").asText());
        assertEquals("thinking it over", output.get(0).path("summary").get(0).path("text").asText());
        assertEquals("cached hello", output.get(1).path("content").get(0).path("text").asText());
        assertEquals("exec_command", output.get(2).path("name").asText());
        assertEquals(ARGS, output.get(2).path("arguments").asText());
        assertEquals(ARGS, ResponsesStreamCheck.streamedArguments(second), "the argument deltas add up");
        assertEquals("cached hello", ResponsesStreamCheck.streamedText(second));

        JsonNode firstCompleted = first.last().path("response");
        assertNotEquals(firstCompleted.path("id").asText(), completed.path("id").asText(), "a fresh response id");
        for (int i = 0; i < 3; i++) {
            assertNotEquals(firstCompleted.path("output").get(i).path("id").asText(), output.get(i).path("id").asText());
        }
        String callId = output.get(2).path("call_id").asText();
        assertTrue(callId.startsWith("call_") && !callId.equals("call_orig"), callId);
        assertEquals(callId, ResponsesStreamCheck.doneItem(second, 2).path("call_id").asText(),
                "one call id within the answer");

        CacheHttp.Answer third = post("/v1/responses", body);
        assertEquals("hit", third.cache());
        assertNotEquals(completed.path("id").asText(), third.last().path("response").path("id").asText());
    }

    @Test
    void anAnswerStoredFromAStreamServesAJsonRequestAndTheOtherWayRound() throws Exception {
        int before = openai.requestCount();
        assertEquals("miss", post("/v1/responses", responses("both ways", true, ",\"temperature\":0")).cache());
        CacheHttp.Answer json = post("/v1/responses", responses("both ways", false, ",\"temperature\":0"));
        assertEquals(200, json.status(), json.body());
        assertEquals("hit", json.cache());
        JsonNode response = json.json();
        assertEquals("completed", response.path("status").asText());
        assertEquals(ARGS, response.path("output").get(2).path("arguments").asText());
        assertEquals("cached hello", response.path("output").get(1).path("content").get(0).path("text").asText());

        assertEquals("miss", post("/v1/responses", responses("json first", false, ",\"temperature\":0")).cache());
        CacheHttp.Answer streamed = post("/v1/responses", responses("json first", true, ",\"temperature\":0"));
        assertEquals("hit", streamed.cache());
        ResponsesStreamCheck.valid(streamed);
        assertEquals(before + 2, openai.requestCount());
    }

    @Test
    void aChatClientGetsAHitAsAValidChatStreamAndAsAJsonBody() throws Exception {
        int before = openai.requestCount();
        CacheHttp.Answer first = post("/v1/chat/completions", chat("chat me", true));
        assertEquals(200, first.status(), first.body());
        assertEquals("miss", first.cache());
        CacheHttp.Answer second = post("/v1/chat/completions", chat("chat me", true));
        assertEquals("hit", second.cache());
        assertEquals(before + 1, openai.requestCount());

        assertNull(second.last(), "ends with [DONE]");
        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String finish = null;
        String id = null;
        for (JsonNode chunk : second.events().subList(0, second.events().size() - 1)) {
            assertEquals("chat.completion.chunk", chunk.path("object").asText(), chunk.toString());
            id = id == null ? chunk.path("id").asText() : id;
            assertEquals(id, chunk.path("id").asText(), "one id per stream");
            JsonNode choice = chunk.path("choices").path(0);
            text.append(choice.path("delta").path("content").asText(""));
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                assertEquals("exec_command", call.path("function").path("name").asText("exec_command"));
                arguments.append(call.path("function").path("arguments").asText(""));
            }
            if (choice.hasNonNull("finish_reason")) {
                finish = choice.path("finish_reason").asText();
            }
        }
        assertEquals("cached hello", text.toString());
        assertEquals(ARGS, arguments.toString());
        assertEquals("tool_calls", finish);
        assertNotEquals(first.events().get(0).path("id").asText(), id, "a fresh completion id");

        CacheHttp.Answer json = post("/v1/chat/completions", chat("chat me", false));
        assertEquals("hit", json.cache());
        JsonNode message = json.json().path("choices").path(0).path("message");
        assertEquals("cached hello", message.path("content").asText());
        assertEquals(ARGS, message.path("tool_calls").path(0).path("function").path("arguments").asText());
        assertEquals(before + 1, openai.requestCount());
    }

    @Test
    void onlyReplaySafeRequestsUseTheCache() throws Exception {
        int before = openai.requestCount();
        String warm = responses("warm", true, ",\"temperature\":0.7");
        assertEquals("bypass", post("/v1/responses", warm).cache());
        assertEquals("bypass", post("/v1/responses", warm).cache());
        assertEquals(before + 2, openai.requestCount(), "temperature 0.7 without the header: both go upstream");

        assertEquals("miss", post("/v1/responses", warm, "x-gateway-cache", "use").cache());
        assertEquals("hit", post("/v1/responses", warm, "x-gateway-cache", "use").cache());
        assertEquals(before + 3, openai.requestCount(), "the opt-in header makes it cacheable");

        String cold = responses("no cache please", true, ",\"temperature\":0");
        assertEquals("miss", post("/v1/responses", cold).cache());
        assertEquals("bypass", post("/v1/responses", cold, "Cache-Control", "no-cache").cache());
        assertEquals("bypass", post("/v1/responses", cold, "cache-control", "no-store").cache());
        assertEquals(before + 6, openai.requestCount(), "no-cache and no-store go upstream although it is stored");
        assertEquals("hit", post("/v1/responses", cold).cache());
    }

    @Test
    void differentToolsOrParametersAreDifferentEntriesWhileStreamAndMetadataAreNot() throws Exception {
        int before = openai.requestCount();
        String base = responses("vary", true, ",\"temperature\":0");
        assertEquals("miss", post("/v1/responses", base).cache());
        assertEquals("miss", post("/v1/responses", base.replace("\"exec_command\"", "\"run_command\"")).cache());
        assertEquals("miss", post("/v1/responses", responses("vary", true, ",\"temperature\":0,\"max_output_tokens\":99"))
                .cache());
        assertEquals("miss", post("/v1/responses", responses("vary", true,
                ",\"temperature\":0,\"reasoning\":{\"effort\":\"high\"}")).cache());
        assertEquals("miss", post("/v1/responses", responses("vary", true, ",\"temperature\":0,\"top_p\":0.5")).cache());
        assertEquals(before + 5, openai.requestCount());
        assertEquals("hit", post("/v1/responses", responses("vary", false,
                ",\"temperature\":0,\"metadata\":{\"who\":\"me\"},\"prompt_cache_key\":\"abc\",\"user\":\"u1\"")).cache());
        assertEquals(before + 5, openai.requestCount());
    }

    @Test
    void aFailedAnswerIsNeverStored() throws Exception {
        int before = openai.requestCount();
        String body = responses("please fail", true, ",\"temperature\":0");
        CacheHttp.Answer first = post("/v1/responses", body);
        assertEquals("miss", first.cache());
        assertEquals("response.failed", first.last().path("type").asText(), first.body());
        CacheHttp.Answer second = post("/v1/responses", body);
        assertEquals("miss", second.cache());
        assertEquals(before + 2, openai.requestCount());
        CacheHttp.Answer refused = post("/v1/responses", responses("please fail", false, ",\"temperature\":0"));
        assertEquals(400, refused.status());
        assertEquals("miss", refused.cache(), "the header is on error answers too");
    }

    @Test
    void aHitIsALedgerRowAtZeroCostAndCountsInTheUsageReport() throws Exception {
        String body = responses("ledger me", false, ",\"temperature\":0").replace("gpt-5-test", "gpt-5.1");
        String model = "gpt-5.1";
        assertEquals("miss", post("/v1/responses", body).cache());
        assertEquals("hit", post("/v1/responses", body).cache());
        JsonNode row = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode report = CacheHttp.JSON.readTree(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.baseUrl()
                            + "/admin/usage?group_by=model")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode candidate : report.path("rows")) {
                if (model.equals(candidate.path("model").asText()) && candidate.path("cache_hits").asLong() > 0) {
                    row = candidate;
                }
            }
            if (row != null) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(row, "a cache hit in the usage report");
        assertTrue(row.path("requests").asLong() > row.path("cache_hits").asLong(), row.toString());
        // the fake reports 42 input and 17 output tokens per answer; hits add none
        long answered = row.path("requests").asLong() - row.path("cache_hits").asLong();
        assertEquals(42 * answered, row.path("input_tokens").asLong(), row.toString());
        assertEquals(17 * answered, row.path("output_tokens").asLong(), row.toString());
        // 32 uncached input × $1.25 + 10 cached × $0.125 + 17 output × $10 per million, per answer; a hit costs 0
        assertEquals(0, new BigDecimal("0.00021125").multiply(BigDecimal.valueOf(answered))
                .compareTo(row.path("cost_usd").decimalValue()), row.toString());
    }

    @Test
    void aMessagesClientGetsTheHeaderAndItsHitsAndTheMetricsCountThem() throws Exception {
        String body = "{\"model\":\"openai/gpt-5-test\",\"max_tokens\":200,\"temperature\":0,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"messages me\"}],\"tools\":[{\"name\":\"exec_command\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},"
                + "\"required\":[\"cmd\"],\"additionalProperties\":false}}]}";
        int before = openai.requestCount();
        CacheHttp.Answer first = post("/v1/messages", body, "x-api-key", "client-token");
        assertEquals(200, first.status(), first.body());
        assertEquals("miss", first.cache());
        CacheHttp.Answer second = post("/v1/messages", body, "x-api-key", "client-token");
        assertEquals("hit", second.cache());
        assertEquals(before + 1, openai.requestCount());
        List<String> types = second.types();
        assertEquals("message_start", types.get(0), types.toString());
        assertEquals("message_stop", types.get(types.size() - 1), types.toString());
        StringBuilder input = new StringBuilder();
        for (JsonNode event : second.events()) {
            input.append(event.path("delta").path("partial_json").asText(""));
        }
        assertEquals(ARGS, input.toString());

        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(gateway.baseUrl() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("gateway_cache_requests_total{result=\"hit\"}"), metrics);
        assertTrue(metrics.contains("gateway_cache_bytes_saved_total"), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("gateway_cache_entries ") && !l.endsWith(" 0.0")),
                metrics);
    }

    /** Checks the grammar of a Responses stream: Codex runs tool calls as they are done, so order matters. */
    static final class ResponsesStreamCheck {

        static void valid(CacheHttp.Answer answer) {
            List<String> types = answer.types();
            assertEquals("response.created", types.get(0), types.toString());
            assertEquals("response.completed", types.get(types.size() - 1), types.toString());
            assertEquals(1, types.stream().filter(t -> t.equals("response.completed") || t.equals("response.failed")
                    || t.equals("response.incomplete")).count(), types.toString());
            Map<Integer, String> state = new HashMap<>();
            String responseId = answer.events().get(0).path("response").path("id").asText();
            int sequence = -1;
            for (int i = 0; i < answer.events().size(); i++) {
                JsonNode event = answer.events().get(i);
                assertEquals(event.path("type").asText(), answer.eventNames().get(i), "event name matches its type");
                if (event.has("sequence_number")) {
                    assertTrue(event.path("sequence_number").asInt() > sequence, answer.body());
                    sequence = event.path("sequence_number").asInt();
                }
                if (event.path("response").has("id")) {
                    assertEquals(responseId, event.path("response").path("id").asText());
                }
                String type = event.path("type").asText();
                if (!event.has("output_index")) {
                    continue;
                }
                int index = event.path("output_index").asInt();
                if (type.equals("response.output_item.added")) {
                    assertNull(state.put(index, "open"), "added once: " + answer.body());
                } else if (type.equals("response.output_item.done")) {
                    assertEquals("open", state.put(index, "done"), "done after added: " + answer.body());
                } else {
                    assertEquals("open", state.get(index), type + " while its item is open: " + answer.body());
                }
            }
            assertTrue(state.values().stream().allMatch("done"::equals), state.toString());
        }

        static String streamedArguments(CacheHttp.Answer answer) {
            return joined(answer, "response.function_call_arguments.delta");
        }

        static String streamedText(CacheHttp.Answer answer) {
            return joined(answer, "response.output_text.delta");
        }

        static JsonNode doneItem(CacheHttp.Answer answer, int index) {
            for (JsonNode event : answer.events()) {
                if (event.path("type").asText().equals("response.output_item.done")
                        && event.path("output_index").asInt() == index) {
                    return event.path("item");
                }
            }
            return ((ObjectNode) CacheHttp.JSON.createObjectNode());
        }

        private static String joined(CacheHttp.Answer answer, String type) {
            StringBuilder out = new StringBuilder();
            for (JsonNode event : answer.events()) {
                if (event.path("type").asText().equals(type)) {
                    out.append(event.path("delta").asText());
                }
            }
            return out.toString();
        }
    }
}
