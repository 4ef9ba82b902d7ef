package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Claude Code's Messages API in front of an OpenAI model: the gateway translates the turn to the Responses API (a
 * strict fake upstream refuses anything the real one would) and the answer back to Messages, streamed and not.
 */
class MessagesOverOpenAiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEY = "sk-openai-gateway-key";

    private static final String TOOLS = "[{\"name\":\"Bash\",\"description\":\"Run a shell command\","
            + "\"input_schema\":{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
            + "\"properties\":{\"command\":{\"type\":\"string\"},\"timeout\":{\"type\":\"number\"}},"
            + "\"required\":[\"command\"],\"additionalProperties\":false}}]";
    private static final String SYSTEM = "[{\"type\":\"text\",\"text\":\"x-anthropic-billing-header: cc_version=2.1.328\"},"
            + "{\"type\":\"text\",\"text\":\"You are Claude Code.\",\"cache_control\":{\"type\":\"ephemeral\"}}]";

    private static String request(boolean stream, String messages) {
        return "{\"model\":\"openai/gpt-5-test\",\"max_tokens\":32000,\"stream\":" + stream + ",\"system\":" + SYSTEM
                + ",\"messages\":" + messages + ",\"tools\":" + TOOLS + ",\"thinking\":{\"type\":\"adaptive\"},"
                + "\"output_config\":{\"effort\":\"medium\"},\"metadata\":{\"user_id\":\"user_abc_session_1\"}}";
    }

    private static HttpResponse<String> post(GatewayProcess gateway, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages?beta=true"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-api-key", "client-key").header("anthropic-version", "2023-06-01")
                .header("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The data of every SSE event, parsed. */
    private static List<JsonNode> events(String body) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(JSON.readTree(line.substring(6)));
            }
        }
        return events;
    }

    @Test
    void aToolRoundTripThroughTheResponsesApi() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(KEY);
             GatewayProcess gateway = GatewayProcess.builder()
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .env("OPENAI_API_KEY", KEY).start()) {
            openai.enqueue(Reply.sse(new ResponsesAnswer().reasoning("I will list the files.", "gAAAAlisting")
                    .text("Listing.").functionCall("call_ls", "Bash", "{\"command\":\"ls\"}").sse()));
            HttpResponse<String> first = post(gateway, request(true,
                    "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"List the files.\"},"
                            + "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\","
                            + "\"data\":\"JVBERi0=\"}}]}]"));

            assertEquals(200, first.statusCode(), first.body());
            assertNull(openai.requests().get(0).rejection(), openai.requests().get(0).rejection());
            JsonNode sent = openai.requests().get(0).body();
            assertEquals("gpt-5-test", sent.path("model").asText());
            assertEquals("Bash", sent.path("tools").get(0).path("name").asText());
            assertFalse(sent.path("tools").get(0).path("strict").asBoolean(true));
            assertEquals("medium", sent.path("reasoning").path("effort").asText());
            assertEquals("reasoning.encrypted_content", sent.path("include").get(0).asText());
            assertFalse(sent.path("store").asBoolean(true));
            assertTrue(sent.path("stream").asBoolean());
            assertFalse(sent.toString().contains("x-anthropic-billing-header"), "the billing header stays behind");
            JsonNode pdf = sent.path("input").get(0).path("content").get(1);
            assertEquals("input_file", pdf.path("type").asText(), sent.toString());
            assertEquals("data:application/pdf;base64,JVBERi0=", pdf.path("file_data").asText());
            assertEquals("Bearer " + KEY, openai.requests().get(0).header("authorization"));

            List<JsonNode> events = events(first.body());
            assertEquals("message_start", events.get(0).path("type").asText());
            assertEquals("message_stop", events.get(events.size() - 1).path("type").asText());
            JsonNode delta = events.get(events.size() - 2);
            assertEquals("message_delta", delta.path("type").asText());
            assertEquals("tool_use", delta.path("delta").path("stop_reason").asText());
            StringBuilder input = new StringBuilder();
            StringBuilder signature = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            JsonNode toolUse = null;
            for (JsonNode event : events) {
                JsonNode block = event.path("content_block");
                if ("tool_use".equals(block.path("type").asText())) {
                    toolUse = block;
                }
                JsonNode d = event.path("delta");
                switch (d.path("type").asText()) {
                    case "input_json_delta" -> input.append(d.path("partial_json").asText());
                    case "signature_delta" -> signature.append(d.path("signature").asText());
                    case "thinking_delta" -> thinking.append(d.path("thinking").asText());
                    default -> { }
                }
            }
            assertEquals("call_ls", toolUse.path("id").asText());
            assertEquals("Bash", toolUse.path("name").asText());
            assertEquals(JSON.readTree("{\"command\":\"ls\"}"), JSON.readTree(input.toString()));
            assertEquals("I will list the files.", thinking.toString());
            assertFalse(signature.isEmpty(), "the OpenAI reasoning travels to the client in the thinking signature");

            // turn 2, not streamed: the tool result goes back with the thinking and the call it answers
            openai.enqueue(Reply.json(new ResponsesAnswer().text("There are two files.").json()));
            String history = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"List the files.\"}]},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"I will list the files.\","
                    + "\"signature\":\"" + signature + "\"},{\"type\":\"text\",\"text\":\"Listing.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"call_ls\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}]},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"call_ls\","
                    + "\"content\":\"a.txt\\nb.txt\"}]}]";
            HttpResponse<String> second = post(gateway, request(false, history));

            assertEquals(200, second.statusCode(), second.body());
            assertNull(openai.requests().get(1).rejection(), openai.requests().get(1).rejection());
            JsonNode input2 = openai.requests().get(1).body().path("input");
            List<String> types = new ArrayList<>();
            input2.forEach(item -> types.add(item.path("type").asText()));
            assertEquals(List.of("message", "reasoning", "message", "function_call", "function_call_output"), types,
                    input2.toString());
            assertEquals("gAAAAlisting", input2.get(1).path("encrypted_content").asText());
            assertEquals("call_ls", input2.get(3).path("call_id").asText());
            assertEquals("a.txt\nb.txt", input2.get(4).path("output").asText());

            JsonNode answer = JSON.readTree(second.body());
            assertEquals("message", answer.path("type").asText());
            assertEquals("end_turn", answer.path("stop_reason").asText());
            assertEquals("There are two files.", answer.path("content").get(0).path("text").asText());
            assertTrue(answer.path("usage").path("input_tokens").asLong() > 0, answer.toString());
            assertEquals(17, answer.path("usage").path("output_tokens").asLong());
        }
    }

    @Test
    void aWholeAnswerWithACallStopsForTheTool() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(KEY);
             GatewayProcess gateway = GatewayProcess.builder()
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .env("OPENAI_API_KEY", KEY).start()) {
            openai.enqueue(Reply.json(new ResponsesAnswer().functionCall("call_pwd", "Bash", "{\"command\":\"pwd\"}")
                    .json()));
            HttpResponse<String> response = post(gateway, request(false,
                    "[{\"role\":\"user\",\"content\":\"Where am I?\"}]"));

            assertEquals(200, response.statusCode(), response.body());
            assertNull(openai.requests().get(0).rejection());
            assertFalse(openai.requests().get(0).body().path("stream").asBoolean(true));
            JsonNode answer = JSON.readTree(response.body());
            assertEquals("tool_use", answer.path("stop_reason").asText());
            JsonNode call = answer.path("content").get(0);
            assertEquals("tool_use", call.path("type").asText());
            assertEquals("call_pwd", call.path("id").asText());
            assertEquals(JSON.readTree("{\"command\":\"pwd\"}"), call.path("input"));
        }
    }

    @Test
    void upstreamFailuresReachTheClientInAnthropicsShape() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(KEY);
             GatewayProcess gateway = GatewayProcess.builder()
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .property("gateway.retry.max-retries", "0")
                     .env("OPENAI_API_KEY", KEY).start()) {
            String started = new ResponsesAnswer().text("Partial").sse();
            String cut = started.substring(0, started.indexOf("event: response.completed"))
                    + "event: error\ndata: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"The server had an error\"}\n\n";
            openai.enqueue(Reply.sse(cut));
            HttpResponse<String> streamed = post(gateway, request(true, "[{\"role\":\"user\",\"content\":\"hi\"}]"));

            assertEquals(200, streamed.statusCode(), streamed.body());
            List<JsonNode> events = events(streamed.body());
            JsonNode last = events.get(events.size() - 1);
            assertEquals("error", last.path("type").asText(), streamed.body());
            assertEquals("overloaded_error", last.path("error").path("type").asText(), "Claude Code retries these");
            assertFalse(streamed.body().contains("message_stop"));

            openai.enqueue(Reply.error(429, "Rate limit reached for gpt-5-test", "requests", "rate_limit_exceeded"));
            HttpResponse<String> limited = post(gateway, request(false, "[{\"role\":\"user\",\"content\":\"hi\"}]"));
            assertEquals(429, limited.statusCode(), limited.body());
            JsonNode error = JSON.readTree(limited.body());
            assertEquals("error", error.path("type").asText());
            assertEquals("rate_limit_error", error.path("error").path("type").asText());
            assertTrue(error.path("error").path("message").asText().contains("Rate limit reached"), limited.body());
        }
    }
}
