package io.camelgateway.promptcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.BedrockPromptCacheModel;
import io.camelgateway.fakes.BedrockPromptCacheModel.CacheUsage;
import io.camelgateway.fakes.FakeBedrockServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The captured two-turn Codex session through the gateway to a fake Bedrock whose answers carry the usage a Converse
 * prompt cache ({@link BedrockPromptCacheModel}) computes from the request's {@code cachePoint} blocks. Turn 2 is
 * built as in {@link AnthropicPromptCacheReplayTest}.
 */
class BedrockPromptCacheReplayTest {

    private static final String MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BedrockPromptCacheModel CACHE = new BedrockPromptCacheModel();
    private static FakeBedrockServer bedrock;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        bedrock = FakeBedrockServer.start();
        GatewayProcess.Builder builder = GatewayProcess.builder().property("gateway.retry.max-retries", "0");
        bedrock.environment().forEach(builder::env);
        gateway = builder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        bedrock.close();
    }

    /** An answer whose usage is what the cache made of the request. */
    private static FakeBedrockServer.Deferred cached(Function<FakeBedrockServer.AnswerBuilder,
            FakeBedrockServer.AnswerBuilder> content) {
        return new FakeBedrockServer.Deferred(request -> {
            CacheUsage usage = CACHE.serve(MODEL_ID, request);
            return new FakeBedrockServer.Ok(content.apply(FakeBedrockServer.answer())
                    .usage((int) usage.inputTokens(), 20, (int) usage.cacheReadInputTokens(),
                            (int) usage.cacheWriteInputTokens()).end());
        });
    }

    @Test
    void turnTwoReadsThePrefixTurnOneWroteThroughCachePoints() throws Exception {
        ObjectNode turn1 = capture("turn1-request-body.json");
        ObjectNode turn2 = capture("turn2-request-body.json");
        bedrock.enqueue(cached(answer -> answer.reasoning("Run it.", "sig-bedrock-pcache-1")
                .toolUse("tooluse_pcache_1", "exec_command", "{\"cmd\": \"echo hello\"}")));
        JsonNode completed1 = turn(turn1);
        JsonNode output1 = completed1.path("output");
        JsonNode call = output1.get(output1.size() - 1);
        assertEquals("function_call", call.path("type").asText(), output1.toString());

        ArrayNode history2 = (ArrayNode) turn2.get("input");
        ArrayNode input2 = JSON.createArrayNode();
        turn1.get("input").forEach(input2::add);
        output1.forEach(input2::add);
        ObjectNode toolOutput = history2.get(history2.size() - 1).deepCopy();
        toolOutput.put("call_id", call.path("call_id").asText());
        input2.add(toolOutput);
        turn2.set("input", input2);
        bedrock.enqueue(cached(answer -> answer.text("hello")));
        JsonNode completed2 = turn(turn2);

        for (FakeBedrockServer.RecordedRequest request : bedrock.requests()) {
            assertNull(request.rejection(), "rejected: " + request.rejection());
        }
        List<CacheUsage> usage = CACHE.usages();
        assertEquals(2, usage.size());
        CacheUsage first = usage.get(0);
        CacheUsage second = usage.get(1);
        assertEquals(0, first.cacheReadInputTokens());
        assertTrue(first.cacheWriteInputTokens() > 0.9 * first.totalInputTokens(), "turn 1 writes: " + first);
        assertTrue(second.cacheReadInputTokens() >= 0.9 * second.totalInputTokens(), "turn 2 reads: " + second);
        assertTrue(second.cacheWriteInputTokens() < 0.1 * second.cacheReadInputTokens(), "writes only the new: " + second);
        JsonNode usage2 = completed2.path("usage");
        assertEquals(second.totalInputTokens(), usage2.path("input_tokens").asLong(), usage2.toString());
        assertEquals(second.cacheReadInputTokens(), usage2.path("input_tokens_details").path("cached_tokens").asLong());
    }

    private static ObjectNode capture(String name) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Files.readString(Path.of("src/test/resources/codex-captures", name)));
        body.put("model", "bedrock/" + MODEL_ID);
        return body;
    }

    private static JsonNode turn(ObjectNode body) throws Exception {
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", body.toString(),
                Duration.ofSeconds(30));
        assertEquals(200, result.status(), result.body());
        assertEquals("response.completed", result.last().type(), result.body());
        return result.last().json().path("response");
    }
}
