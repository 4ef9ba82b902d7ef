package io.camelgateway.provider.openaichat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeChatServer.Reply;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped OpenAI-compatible family through the gateway: off on a fresh start, on once a variable is set, and the
 * flags of each file change what reaches the (fake) server.
 */
class CompatibleFamilyGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeChatServer server;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        server = FakeChatServer.start().requireApiKey("sk-deepseek");
        gateway = GatewayProcess.builder()
                .env("DEEPSEEK_API_KEY", "sk-deepseek")
                .property("gateway.deepseek.base-url", server.baseUrl())
                .env("OLLAMA_BASE_URL", server.baseUrl())
                .env("OLLAMA_API_KEY", "sk-deepseek") // one fake server plays both
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, server);
    }

    @Test
    void aFreshGatewayListsNoneOfTheFamilyAndRoutesNone() throws Exception {
        try (GatewayProcess fresh = GatewayProcess.builder().start()) {
            String log = fresh.log();
            assertFalse(log.contains("provider groq:"), log);
            assertTrue(log.contains("providers shipped but off until their key or URL variable is set: groq, together,"
                    + " fireworks, mistral, deepseek, openrouter, xai, cerebras, ollama, vllm, lmstudio"), log);
            HttpResponse<String> response = SseClient.post(fresh.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"groq/llama-3.3-70b-versatile\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(404, response.statusCode(), response.body());
            assertEquals("model_not_found", JSON.readTree(response.body()).at("/error/code").asText());
        }
        String log = gateway.log();
        assertTrue(log.contains("provider deepseek: protocol openai-chat"), log);
        assertTrue(log.contains("provider ollama: protocol openai-chat"), log);
        assertTrue(log.contains("off until their key or URL variable is set: groq, together, fireworks, mistral, "
                + "openrouter, xai, cerebras, vllm, lmstudio"), log);
    }

    @Test
    void deepSeekRefusesAnImageBeforeGoingUpstream() throws Exception {
        int before = server.requestCount();
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"deepseek/deepseek-chat\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"what is it\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                        + "\"data:image/png;base64,iVBORw0KGgo=\"}}]}]}");
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals("unsupported_content", error.path("code").asText(), response.body());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals(before, server.requestCount(), "nothing may go upstream");
    }

    @Test
    void deepSeekReasoningIsReadAndSentBackInTheToolLoop() throws Exception {
        server.enqueue(Reply.sse(FakeChatServer.stream().reasoning("I should list ").reasoning("the files.")
                .toolCall("exec_command", "{\"cmd\":\"ls\"}").usage(20, 5).build()));
        SseClient.Result first = SseClient.stream(gateway.baseUrl() + "/v1/responses", "{\"model\":\"deepseek/"
                + "deepseek-reasoner\",\"stream\":true,\"input\":\"list files\",\"tools\":[" + EXEC + "]}",
                Duration.ofSeconds(30));
        assertEquals("response.completed", first.last().type(), first.body());
        JsonNode output = first.last().json().at("/response/output");
        assertEquals("reasoning", output.at("/0/type").asText(), output.toString());
        assertEquals("I should list the files.", output.at("/0/summary/0/text").asText());
        assertEquals("function_call", output.at("/1/type").asText());

        server.enqueue(Reply.sse(FakeChatServer.stream().text("two files").usage(30, 3).build()));
        String history = "[{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":"
                + "\"list files\"}]}," + output.get(0) + "," + output.get(1) + ",{\"type\":\"function_call_output\","
                + "\"call_id\":\"" + output.at("/1/call_id").asText() + "\",\"output\":\"a b\"}]";
        SseClient.Result second = SseClient.stream(gateway.baseUrl() + "/v1/responses", "{\"model\":\"deepseek/"
                + "deepseek-reasoner\",\"stream\":true,\"input\":" + history + ",\"tools\":[" + EXEC + "]}",
                Duration.ofSeconds(30));
        assertEquals("response.completed", second.last().type(), second.body());
        JsonNode sent = server.lastRequest().body();
        assertEquals("I should list the files.", sent.at("/messages/1/reasoning_content").asText(), sent.toString());
        assertEquals("exec_command", sent.at("/messages/1/tool_calls/0/function/name").asText());
        assertFalse(sent.at("/tools/0/function").has("strict"), "strict-schemas: false");
    }

    @Test
    void ollamaGetsAutoForToolChoiceRequired() throws Exception {
        server.enqueue(Reply.json(FakeChatServer.textCompletion("ok")));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"ollama/qwen3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":"
                        + "\"required\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"exec_command\","
                        + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode sent = server.lastRequest().body();
        assertEquals("auto", sent.path("tool_choice").asText(), sent.toString());
        assertEquals("qwen3", sent.path("model").asText());
    }

    private static final String EXEC = "{\"type\":\"function\",\"name\":\"exec_command\",\"strict\":true,\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},\"required\":[\"cmd\"],"
            + "\"additionalProperties\":false}}";
}
