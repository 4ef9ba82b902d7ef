package io.camelgateway.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fakes themselves: they refuse what the real APIs refuse, and play their scripted faults as written. */
class ScriptedFakesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String MESSAGES_BODY = "{\"model\":\"claude-x\",\"max_tokens\":16,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String RESPONSES_BODY = "{\"model\":\"gpt-x\",\"stream\":true,\"input\":\"hi\"}";

    private static HttpResponse<String> post(String url, Map<String, String> headers, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> anthropic(FakeAnthropicServer server, String key) throws Exception {
        return post(server.baseUrl() + "/v1/messages", Map.of("x-api-key", key, "anthropic-version", "2023-06-01"),
                MESSAGES_BODY, Duration.ofSeconds(10));
    }

    private static HttpResponse<String> responses(FakeOpenAiServer server, String key, String body) throws Exception {
        return post(server.baseUrl() + "/responses", Map.of("authorization", "Bearer " + key), body,
                Duration.ofSeconds(10));
    }

    private static long events(String sse) {
        return LoopbackHttpServer.events(sse).size();
    }

    @Test
    void anthropicRepliesInScriptOrderThenTheWhenEmptyReply() throws Exception {
        String stream = FakeAnthropicServer.textStream("hello");
        try (FakeAnthropicServer server = FakeAnthropicServer.start("k")) {
            server.enqueue(FakeAnthropicServer.Reply.error(529, "overloaded_error", "Overloaded", Map.of("retry-after", "3")));
            HttpResponse<String> overloaded = anthropic(server, "k");
            assertEquals(529, overloaded.statusCode(), "the scripted error first");
            assertEquals("3", overloaded.headers().firstValue("retry-after").orElse(null));
            assertEquals(500, anthropic(server, "k").statusCode(), "an empty script answers 500");
            server.whenEmpty(FakeAnthropicServer.Reply.sse(stream));
            HttpResponse<String> answered = anthropic(server, "k");
            assertEquals(200, answered.statusCode());
            assertEquals(stream, answered.body());
            assertEquals(3, server.requestCount());
        }
    }

    @Test
    void anthropicRefusesAWrongKeyUnlessAnyKeyIsAccepted() throws Exception {
        try (FakeAnthropicServer server = FakeAnthropicServer.start("k")) {
            server.whenEmpty(FakeAnthropicServer.Reply.sse(FakeAnthropicServer.textStream("x")));
            HttpResponse<String> refused = anthropic(server, "other");
            assertEquals(401, refused.statusCode());
            assertEquals("authentication_error", JSON.readTree(refused.body()).path("error").path("type").asText());
            assertTrue(server.lastRequest().rejection().contains("invalid x-api-key"), server.lastRequest().rejection());
            server.acceptAnyKey();
            assertEquals(200, anthropic(server, "other").statusCode());
            assertNull(server.lastRequest().rejection());
        }
    }

    @Test
    void aLateReplyArrivesLateAndGapsAreMeasured() throws Exception {
        try (FakeAnthropicServer server = FakeAnthropicServer.start("k")) {
            String stream = FakeAnthropicServer.textStream("x");
            server.enqueue(FakeAnthropicServer.Reply.sse(stream), FakeAnthropicServer.Reply.sse(stream)
                    .late(Duration.ofMillis(600)));
            anthropic(server, "k");
            long started = System.nanoTime();
            assertEquals(200, anthropic(server, "k").statusCode());
            assertTrue((System.nanoTime() - started) / 1_000_000 >= 600);
            assertEquals(1, server.gapsMs(0).size());
        }
    }

    @Test
    void aCutStreamDeliversHalfItsEventsAndAHangNeverAnswers() throws Exception {
        String stream = FakeAnthropicServer.textStream("hello");
        try (FakeAnthropicServer server = FakeAnthropicServer.start("k")) {
            server.enqueue(FakeAnthropicServer.Reply.sse(stream).cutHalfway(),
                    FakeAnthropicServer.Reply.sse(stream).stallHalfway(Duration.ofMillis(300)),
                    FakeAnthropicServer.Reply.hang(Duration.ofSeconds(5)));
            String cut;
            try {
                cut = anthropic(server, "k").body();
            } catch (IOException dropped) {
                cut = null; // the client may report the dropped connection instead of a short body
            }
            if (cut != null) {
                assertEquals(events(stream) / 2, events(cut));
            }
            long started = System.nanoTime();
            String stalled = anthropic(server, "k").body();
            assertEquals(events(stream) / 2, events(stalled));
            assertTrue((System.nanoTime() - started) / 1_000_000 >= 300);
            assertThrows(HttpTimeoutException.class, () -> post(server.baseUrl() + "/v1/messages",
                    Map.of("x-api-key", "k", "anthropic-version", "2023-06-01"), MESSAGES_BODY, Duration.ofMillis(700)));
        }
    }

    @Test
    void openAiRefusesWhatTheRealApiRefuses() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start("sk-up")) {
            server.whenEmpty(FakeOpenAiServer.Reply.sse(List.of("event: response.completed\n"
                    + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"r\"}}")));
            assertEquals(401, responses(server, "wrong", RESPONSES_BODY).statusCode());
            assertEquals(400, responses(server, "sk-up", "{\"model\":\"m\",\"messages\":[]}").statusCode());
            assertEquals(400, responses(server, "sk-up", "{\"input\":\"hi\"}").statusCode());
            HttpResponse<String> foreign = responses(server, "sk-up", "{\"model\":\"m\",\"input\":[{\"type\":\"reasoning\","
                    + "\"summary\":[],\"encrypted_content\":\"gwr1.anthropic.e30\"}]}");
            assertEquals(400, foreign.statusCode());
            assertTrue(JSON.readTree(foreign.body()).path("error").path("message").asText().contains("input[0]"));
            assertEquals(404, post(server.origin() + "/v1/embeddings", Map.of("authorization", "Bearer sk-up"),
                    RESPONSES_BODY, Duration.ofSeconds(10)).statusCode());
            HttpResponse<String> accepted = responses(server, "sk-up", RESPONSES_BODY);
            assertEquals(200, accepted.statusCode());
            assertTrue(accepted.body().endsWith("\"id\":\"r\"}}\n\n"), accepted.body());
            assertEquals(6, server.requestCount());
            assertEquals("gpt-x", server.requests().get(5).body().path("model").asText());
            assertEquals("Bearer sk-up", server.requests().get(5).headers().get("authorization"));
            assertTrue(server.requests().get(0).rejection().contains("Incorrect API key provided"));
            assertNull(server.requests().get(5).rejection());
            assertEquals(400, post(server.baseUrl() + "/chat/completions", Map.of("authorization", "Bearer sk-up"),
                    RESPONSES_BODY, Duration.ofSeconds(10)).statusCode(), "its chat endpoint refuses a Responses body");
            assertEquals(200, post(server.baseUrl() + "/chat/completions", Map.of("authorization", "Bearer sk-up"),
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    Duration.ofSeconds(10)).statusCode());
        }
    }

    @Test
    void openAiAcceptsWhatCodexSendsTheRealApi() throws Exception {
        List<String> captures = List.of("turn1-request-body.json", "turn2-request-body.json",
                "apply-patch-turn1-request-body.json", "apply-patch-turn2-request-body.json",
                "view-image-turn2-request-body.json");
        try (FakeOpenAiServer server = FakeOpenAiServer.start("sk-up")) {
            server.whenEmpty(FakeOpenAiServer.Reply.json("{}"));
            for (String capture : captures) {
                String body = Files.readString(Path.of("src/test/resources/codex-captures", capture));
                HttpResponse<String> relayed = responses(server, "sk-up", body);
                assertEquals(200, relayed.statusCode(), capture + ": " + relayed.body());
            }
            String foreignReasoning = "{\"model\":\"m\",\"input\":[{\"type\":\"reasoning\",\"id\":\"rs_1\","
                    + "\"summary\":[],\"encrypted_content\":\"gwr1.anthropic.e30\"}],\"client_metadata\":{}}";
            assertEquals(400, responses(server, "sk-up", foreignReasoning).statusCode());
        }
    }

    @Test
    void openAiPlaysErrorsWithTheirHeaders() throws Exception {
        try (FakeOpenAiServer server = FakeOpenAiServer.start("sk-up")) {
            server.enqueue(FakeOpenAiServer.Reply.error(429, "slow down", "rate_limit_error", "rate_limit_exceeded",
                    Map.of("retry-after", "2")));
            HttpResponse<String> limited = responses(server, "sk-up", RESPONSES_BODY);
            assertEquals(429, limited.statusCode());
            assertEquals("2", limited.headers().firstValue("retry-after").orElse(null));
            assertEquals("rate_limit_exceeded", JSON.readTree(limited.body()).path("error").path("code").asText());
        }
    }

    @Test
    void chatValidatesLikeAStrictServerAndPlaysLateAndCutStreams() throws Exception {
        try (FakeChatServer server = FakeChatServer.start().requireApiKey("sk-chat")) {
            List<String> chunks = FakeChatServer.stream().text("Hello").text(" there").usage(3, 2).build();
            server.enqueue(FakeChatServer.Reply.sse(chunks).late(Duration.ofMillis(400)),
                    FakeChatServer.Reply.sse(chunks).cutHalfway());
            String body = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            Map<String, String> auth = Map.of("authorization", "Bearer sk-chat");
            assertEquals(400, post(server.baseUrl() + "/chat/completions", auth, "{\"model\":\"m\",\"input\":\"hi\"}",
                    Duration.ofSeconds(10)).statusCode(), "a Responses field is refused");
            long started = System.nanoTime();
            HttpResponse<String> late = post(server.baseUrl() + "/chat/completions", auth, body, Duration.ofSeconds(10));
            assertTrue((System.nanoTime() - started) / 1_000_000 >= 400);
            assertEquals(chunks.size(), events(late.body()));
            String cut;
            try {
                cut = post(server.baseUrl() + "/chat/completions", auth, body, Duration.ofSeconds(10)).body();
            } catch (IOException dropped) {
                cut = null; // the client may report the dropped connection instead of a short body
            }
            if (cut != null) {
                assertEquals(chunks.size() / 2, events(cut));
            }
            assertEquals(List.of(400, 200, 200), server.requests().stream().map(FakeChatServer.RecordedRequest::status)
                    .toList());
        }
    }
}
