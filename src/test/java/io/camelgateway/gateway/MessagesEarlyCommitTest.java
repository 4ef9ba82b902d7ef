package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.api.messages.MessagesSse;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.ScriptedSseUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A provider slow to answer: the gateway commits the Messages stream with an SSE comment only, keeps it alive with
 * comments, and the answer (relayed or translated) still starts with the one message_start.
 */
class MessagesEarlyCommitTest {

    private static final String ANTHROPIC_STREAM = new FakeAnthropicServer.SseBuilder().text("slow but sure")
            .end("end_turn");
    private static ScriptedSseUpstream anthropic;
    private static ScriptedSseUpstream chat;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        anthropic = ScriptedSseUpstream.start(Arrays.stream(ANTHROPIC_STREAM.split("\n\n")).toList(), 0, false)
                .delayHead(1500);
        chat = ScriptedSseUpstream.start(FakeChatServer.stream().text("translated").build().stream()
                .map(data -> "data: " + data).toList(), 0, false).delayHead(1500);
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.local.base-url", chat.baseUrl())
                .property("gateway.stream.commit-after-ms", "100")
                .property("gateway.stream.keepalive-ms", "300")
                .env("ANTHROPIC_API_KEY", "sk-ant-slow")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        anthropic.close();
        chat.close();
    }

    private static String stream(String model) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":100,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages?beta=true"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-api-key", "client").header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void aRelayedAnswerFollowsTheCommitComments() throws Exception {
        String body = stream("anthropic/claude-slow");

        assertTrue(body.startsWith(": waiting for the provider\n\n"), body);
        assertTrue(body.contains(": keep-alive\n\n"), "kept alive while waiting: " + body);
        assertEquals(ANTHROPIC_STREAM, body.replaceAll("(?m)^:.*\\n\\n", ""));
    }

    @Test
    void aTranslatedAnswerFollowsTheCommitComments() throws Exception {
        String body = stream("local/slow-model");

        assertTrue(body.startsWith(": waiting for the provider\n\n"), body);
        List<MessagesSse.Event> events = MessagesSse.parse(body);
        assertNull(MessagesSse.violation(events), () -> MessagesSse.violation(events) + "\n" + body);
        assertEquals("translated", MessagesSse.fold(events).path("content").get(0).path("text").asText());
    }
}
