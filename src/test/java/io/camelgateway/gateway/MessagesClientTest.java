package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.api.messages.MessagesSse;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages clients (Claude Code's API) through the real gateway process: relayed to a strict fake Anthropic API,
 * translated to a fake OpenAI-compatible chat server, refused in Anthropic's error shape, and counted locally.
 */
class MessagesClientTest {

    private static final String KEY = "sk-ant-gateway-key-5678";
    private static final String CLIENT_KEY = "sk-ant-client-key-1234";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static FakeAnthropicServer anthropic;
    private static FakeChatServer local;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        anthropic = FakeAnthropicServer.start(KEY);
        local = FakeChatServer.start();
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.local.base-url", local.baseUrl())
                .property("gateway.alias.claude-opus-5-5", "anthropic/claude-test-1")
                .property("gateway.retry.max-retries", "0")
                .env("ANTHROPIC_API_KEY", KEY)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        anthropic.close();
        local.close();
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, Map.of("x-api-key", CLIENT_KEY, "anthropic-version", "2023-06-01"));
    }

    /**
     * A turn as Claude Code sends it. The strict fake Anthropic API knows only the fields of its API version, so
     * the turns relayed to it ask for thinking by budget; translated turns use Claude Code's adaptive thinking.
     */
    private static String turn(String model, boolean stream) {
        String thinking = model.startsWith("local/")
                ? "\"thinking\":{\"type\":\"adaptive\"},\"output_config\":{\"effort\":\"medium\"}"
                : "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}";
        return """
                {"model":"%s","max_tokens":128000,"stream":%s,
                 "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.328"},
                           {"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}}],
                 "messages":[{"role":"user","content":[{"type":"text","text":"list files"}]}],
                 "tools":[{"name":"Bash","description":"run",
                   "input_schema":{"$schema":"http://json-schema.org/draft-07/schema#",
                   "type":"object","properties":{"command":{"type":"string"}},"additionalProperties":false}}],
                 %s,
                 "metadata":{"user_id":"u-1"}}
                """.formatted(model, stream, thinking);
    }

    @Test
    void anthropicUpstreamGetsTheClientsOwnRequestAndItsStreamComesBackAsSent() throws Exception {
        String upstream = new FakeAnthropicServer.SseBuilder().thinking("hmm", "sig-real")
                .toolUse("toolu_1", "Bash", "{\"command\":\"ls\"}").end("tool_use");
        anthropic.enqueue(FakeAnthropicServer.Reply.sse(upstream));

        HttpResponse<String> response = post("/v1/messages?beta=true", turn("claude-opus-5-5", true), Map.of(
                "x-api-key", CLIENT_KEY, "anthropic-version", "2023-06-01",
                "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14",
                "x-claude-code-session-id", "sess-1"));

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        assertEquals(upstream, response.body().replaceAll("(?m)^:.*\\n\\n", ""));
        FakeAnthropicServer.RecordedRequest sent = anthropic.lastRequest();
        assertNull(sent.rejection(), sent.rejection());
        assertEquals("claude-test-1", sent.body().path("model").asText());
        assertEquals(KEY, sent.headers().get("x-api-key"), "the gateway's key, never the client's");
        assertEquals("2023-06-01", sent.headers().get("anthropic-version"));
        assertEquals("claude-code-20250219,interleaved-thinking-2025-05-14", sent.headers().get("anthropic-beta"));
        JsonNode original = JSON.readTree(turn("claude-opus-5-5", true));
        ((com.fasterxml.jackson.databind.node.ObjectNode) original).put("model", "claude-test-1");
        assertEquals(original, sent.body(), "the body goes up unchanged but for the model");
    }

    @Test
    void anthropicUpstreamNotStreamedIsRelayed() throws Exception {
        String answer = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test-1\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}";
        anthropic.enqueue(FakeAnthropicServer.Reply.json(answer));

        HttpResponse<String> response = post("/v1/messages", turn("anthropic/claude-test-1", false),
                Map.of("authorization", "Bearer " + CLIENT_KEY, "anthropic-version", "2023-06-01"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(JSON.readTree(answer), JSON.readTree(response.body()));
    }

    @Test
    void anUpstreamCutMidStreamEndsInARetryableError() throws Exception {
        String partial = new FakeAnthropicServer.SseBuilder().text("Hel").end("end_turn");
        partial = partial.substring(0, partial.indexOf("event: message_delta"));
        anthropic.enqueue(FakeAnthropicServer.Reply.sse(partial));

        HttpResponse<String> response = post("/v1/messages?beta=true", turn("anthropic/claude-test-1", true));

        List<MessagesSse.Event> events = MessagesSse.parse(response.body());
        MessagesSse.Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertEquals("overloaded_error", last.data().path("error").path("type").asText());
        assertEquals(1, events.stream().filter(e -> "error".equals(e.type())).count());
    }

    @Test
    void aTranslatedStreamCutMidwayEndsInARetryableErrorAfterTheBlocksSoFar() throws Exception {
        List<String> chunks = FakeChatServer.stream().text("Hel").build();
        local.enqueue(FakeChatServer.Reply.rawSse("data: " + chunks.get(0) + "\n\ndata: " + chunks.get(1) + "\n\n"));

        HttpResponse<String> response = post("/v1/messages", turn("local/fake-model", true));

        List<MessagesSse.Event> events = MessagesSse.parse(response.body());
        assertNull(MessagesSse.violation(events), () -> MessagesSse.violation(events) + "\n" + response.body());
        assertEquals("message_start", events.get(0).type());
        assertEquals("Hel", MessagesSse.fold(events).path("content").get(0).path("text").asText());
        MessagesSse.Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertEquals("overloaded_error", last.data().path("error").path("type").asText());
    }

    @Test
    void chatUpstreamIsTranslatedAndACallStopsWithToolUse() throws Exception {
        local.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().reasoning("thinking it over")
                .text("Listing.").toolCall("Bash", "{\"command\":", "\"ls\"}").usage(40, 9).build()));
        String body = turn("local/fake-model", true).replace(
                "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"list files\"}]}]",
                "\"messages\":[{\"role\":\"user\",\"content\":\"list files\"},"
                        + "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"# Environment\"}]},"
                        + "{\"role\":\"user\",\"content\":\"go\"}]");

        HttpResponse<String> response = post("/v1/messages?beta=true", body);

        assertEquals(200, response.statusCode(), response.body());
        List<MessagesSse.Event> events = MessagesSse.parse(response.body());
        assertNull(MessagesSse.violation(events), () -> MessagesSse.violation(events) + "\n" + response.body());
        assertTrue(events.get(0).data().path("message").path("usage").path("input_tokens").asLong() > 0,
                "message_start carries the gateway's input count");
        JsonNode message = MessagesSse.fold(events);
        assertEquals("tool_use", message.path("stop_reason").asText());
        JsonNode content = message.path("content");
        assertEquals("thinking", content.get(0).path("type").asText());
        assertEquals("Listing.", content.get(1).path("text").asText());
        assertEquals("tool_use", content.get(2).path("type").asText());
        assertEquals("call_1", content.get(2).path("id").asText());
        assertEquals("ls", content.get(2).path("input").path("command").asText());
        assertEquals(9, message.path("usage").path("output_tokens").asLong());

        JsonNode sent = local.lastRequest().body();
        assertEquals("fake-model", sent.path("model").asText());
        JsonNode messages = sent.path("messages");
        assertEquals("system", messages.get(0).path("role").asText());
        assertFalse(messages.get(0).toString().contains("x-anthropic-billing-header"), "billing header dropped");
        assertTrue(messages.get(0).toString().contains("You are Claude Code."));
        int user = -1;
        int environment = -1;
        for (int i = 0; i < messages.size(); i++) {
            String text = messages.get(i).toString();
            if (text.contains("list files")) {
                user = i;
            } else if (text.contains("# Environment")) {
                environment = i;
            }
        }
        assertTrue(user > 0 && environment > user,
                "mid-conversation system text stays after the user turn: " + messages);
        assertEquals("Bash", sent.path("tools").get(0).path("function").path("name").asText());
    }

    @Test
    void chatUpstreamNotStreamedAnswersAMessage() throws Exception {
        local.enqueue(FakeChatServer.Reply.json(FakeChatServer.toolCallCompletion("Bash", "{\"command\":\"pwd\"}")));

        HttpResponse<String> response = post("/v1/messages", turn("local/fake-model", false));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("message", body.path("type").asText());
        assertTrue(body.path("id").asText().startsWith("msg_"));
        assertEquals("tool_use", body.path("stop_reason").asText());
        assertEquals("pwd", body.path("content").get(0).path("input").path("command").asText());
        assertEquals(5, body.path("usage").path("output_tokens").asLong());
    }

    @Test
    void malformedBodiesGet400InAnthropicsShapeNamingTheField() throws Exception {
        String[][] cases = {
                {turn("anthropic/claude-test-1", true).replace("\"max_tokens\":128000,", ""), "max_tokens"},
                {turn("anthropic/claude-test-1", true).replace("{\"type\":\"text\",\"text\":\"list files\"}",
                        "{\"text\":\"list files\"}"), "messages.0.content.0.type"},
                {turn("anthropic/claude-test-1", true).replace("\"type\":\"enabled\"", "\"type\":\"sometimes\""),
                        "thinking.type"},
                {"{\"model\":\"anthropic/claude-test-1\",\"max_tokens\":5,\"messages\":[]}", "messages"},
        };
        int before = anthropic.requestCount();
        for (String[] c : cases) {
            HttpResponse<String> response = post("/v1/messages?beta=true", c[0]);
            assertEquals(400, response.statusCode(), response.body());
            JsonNode error = JSON.readTree(response.body());
            assertEquals("error", error.path("type").asText());
            assertEquals("invalid_request_error", error.path("error").path("type").asText());
            assertTrue(error.path("error").path("message").asText().startsWith(c[1] + ": "), response.body());
        }
        HttpResponse<String> notJson = post("/v1/messages", "{\"model\":");
        assertEquals(400, notJson.statusCode());
        assertEquals("invalid_request_error", JSON.readTree(notJson.body()).path("error").path("type").asText());
        assertEquals(before, anthropic.requestCount(), "nothing reached the provider");
    }

    @Test
    void errorsOutsideTheRoutesUnderMessagesAreInAnthropicsShape() throws Exception {
        HttpResponse<String> unknown = post("/v1/messages/batches", "{}");
        assertEquals(404, unknown.statusCode());
        JsonNode body = JSON.readTree(unknown.body());
        assertEquals("error", body.path("type").asText());
        assertEquals("not_found_error", body.path("error").path("type").asText());

        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, get.statusCode());
        assertEquals("error", JSON.readTree(get.body()).path("type").asText());

        HttpResponse<String> responses = post("/v1/responses/nope", "{}");
        assertEquals(404, responses.statusCode());
        assertTrue(JSON.readTree(responses.body()).path("error").has("code"), "other paths keep the OpenAI shape");
    }

    @Test
    void countTokensIsAnsweredLocallyAsAnEstimate() throws Exception {
        int anthropicBefore = anthropic.requestCount();
        int localBefore = local.requestCount();
        String body = turn("claude-opus-5-5", false).replace("\"max_tokens\":128000,", "");

        HttpResponse<String> response = post("/v1/messages/count_tokens?beta=true", body);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("estimate", response.headers().firstValue("x-gateway-token-count").orElse(null));
        long counted = JSON.readTree(response.body()).path("input_tokens").asLong();
        assertTrue(counted > 10, response.body());
        HttpResponse<String> longer = post("/v1/messages/count_tokens", body.replace("list files",
                "list files ".repeat(200)));
        assertTrue(JSON.readTree(longer.body()).path("input_tokens").asLong() > counted + 200);
        assertEquals(anthropicBefore, anthropic.requestCount(), "no provider was asked");
        assertEquals(localBefore, local.requestCount());

        HttpResponse<String> bad = post("/v1/messages/count_tokens", "{\"model\":\"m\",\"messages\":{}}");
        assertEquals(400, bad.statusCode());
        assertTrue(JSON.readTree(bad.body()).path("error").path("message").asText().startsWith("messages: "));
    }
}
