package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chat Completions clients: translated to Anthropic, passed through to an OpenAI-compatible server, and Responses
 * clients translated to that chat server. */
class ChatClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeAnthropicServer anthropic;
    private static FakeChatServer local;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        anthropic = FakeAnthropicServer.start("sk-ant-chat");
        local = FakeChatServer.start();
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.local.base-url", local.baseUrl())
                .env("ANTHROPIC_API_KEY", "sk-ant-chat")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        anthropic.close();
        local.close();
    }

    private static final String TOOLS = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";

    @Test
    void chatStreamOverAnthropicRebuildsParallelToolCalls() throws Exception {
        anthropic.enqueue(FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder()
                .toolUse("toolu_a", "get_weather", "{\"city\":\"Paris\"}")
                .toolUse("toolu_b", "get_weather", "{\"city\":\"Rome\"}").end("tool_use")));

        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"anthropic/claude-x\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                        + "\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"weather?\"}],"
                        + TOOLS + "}", Duration.ofSeconds(20));

        assertEquals("[DONE]", result.last().data());
        StringBuilder[] args = {new StringBuilder(), new StringBuilder()};
        String[] ids = new String[2];
        String finish = null;
        for (SseClient.Received event : result.events()) {
            if (event.json() == null || event.json().path("choices").isEmpty()) {
                continue;
            }
            JsonNode choice = event.json().path("choices").get(0);
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                int index = call.path("index").asInt();
                if (call.has("id")) {
                    ids[index] = call.path("id").asText();
                }
                args[index].append(call.path("function").path("arguments").asText(""));
            }
            if (!choice.path("finish_reason").isNull() && choice.has("finish_reason")) {
                finish = choice.path("finish_reason").asText();
            }
        }
        assertEquals("toolu_a", ids[0]);
        assertEquals("toolu_b", ids[1]);
        assertEquals("{\"city\":\"Paris\"}", args[0].toString());
        assertEquals("{\"city\":\"Rome\"}", args[1].toString());
        assertEquals("tool_calls", finish);
        JsonNode sent = anthropic.lastRequest().body();
        assertEquals("sys", sent.path("system").get(0).path("text").asText());
    }

    @Test
    void chatPassesThroughToAnOpenAiCompatibleServer() throws Exception {
        local.enqueue(FakeChatServer.Reply.json(FakeChatServer.textCompletion("hello from local")));

        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"local/qwen3-coder\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("hello from local",
                JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText());
        assertEquals("qwen3-coder", local.lastRequest().body().path("model").asText());
    }

    @Test
    void responsesClientOverAnOpenAiCompatibleServer() throws Exception {
        local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("Let me look.")
                .toolCall("exec_command", "{\"cmd\":", "\"ls\"}").finishReason("tool_calls").usage(50, 7).build()));

        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                "{\"model\":\"local/qwen3-coder\",\"stream\":true,\"input\":[{\"type\":\"message\",\"role\":\"developer\","
                        + "\"content\":\"rules\"},{\"type\":\"message\",\"role\":\"user\",\"content\":\"list files\"}],"
                        + "\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\"}}],"
                        + "\"reasoning\":{\"effort\":\"medium\"},\"include\":[\"reasoning.encrypted_content\"]}",
                Duration.ofSeconds(20));

        assertEquals("response.completed", result.last().type());
        JsonNode output = result.last().json().path("response").path("output");
        assertEquals("message", output.get(0).path("type").asText());
        assertEquals("function_call", output.get(1).path("type").asText());
        assertEquals("{\"cmd\":\"ls\"}", output.get(1).path("arguments").asText());
        assertEquals(50, result.last().json().path("response").path("usage").path("input_tokens").asInt());
        JsonNode sent = local.lastRequest().body();
        assertEquals("system", sent.path("messages").get(0).path("role").asText());
        assertTrue(List.of("reasoning", "include", "input").stream().noneMatch(sent::has));
    }
}
