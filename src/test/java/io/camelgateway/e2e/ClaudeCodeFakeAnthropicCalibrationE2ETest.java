package io.camelgateway.e2e;

import static io.camelgateway.e2e.CodexAnthropicUpstreamE2ETest.toolResultText;
import static io.camelgateway.e2e.CodexAnthropicUpstreamE2ETest.toolUse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.RecordedRequest;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Claude Code pointed straight at {@link FakeAnthropicServer}, without the gateway: proves the fake accepts what
 * the real client sends (beta query string, adaptive thinking, {@code output_config}, tools with {@code $schema} and
 * {@code defer_loading}) and that its scripted streams drive the client through a Bash round trip, so the gateway
 * tests that use the fake measure the gateway and not the fake.
 */
class ClaudeCodeFakeAnthropicCalibrationE2ETest {

    private static final String KEY = "sk-ant-calibration-key";

    private FakeAnthropicServer anthropic;

    @BeforeEach
    void start() {
        ClaudeCli.binary();
        anthropic = FakeAnthropicServer.start(KEY);
    }

    @AfterEach
    void stop() {
        anthropic.close();
    }

    @Test
    @Timeout(120)
    void plainAnswer(@TempDir Path work) throws Exception {
        anthropic.enqueue(Reply.sse(FakeAnthropicServer.textStream("calibrated-plain-answer")));

        ClaudeCli.Result run = ClaudeCli.run(anthropic.baseUrl(), ClaudeCli.Auth.apiKey(KEY), "claude-sonnet-4-6", work,
                "Say hello.", List.of(), Duration.ofSeconds(90));

        String context = context(run);
        assertEquals(0, run.exitCode(), context);
        assertFalse(run.isError(), context);
        assertEquals("calibrated-plain-answer", run.result(), context);
        assertEquals(1, anthropic.requestCount(), context);
        RecordedRequest request = anthropic.requests().get(0);
        assertNull(request.rejection(), context);
        assertEquals("claude-sonnet-4-6", request.body().path("model").asText());
        assertEquals("2023-06-01", request.headers().get("anthropic-version"));
        assertTrue(request.headers().get("anthropic-beta").contains("claude-code-20250219"), request.headers().toString());
        assertTrue(request.body().path("stream").asBoolean(), "Claude Code streams");
    }

    @Test
    @Timeout(120)
    void bashRoundTrip(@TempDir Path work) throws Exception {
        BashRoundTrip bash = BashRoundTrip.create("toolu_cal_");
        anthropic.enqueue(
                Reply.sse(FakeAnthropicServer.thinkingToolUseStream("I should run it.", bash.signature(), bash.callId(),
                        "Bash", bash.inputJson())),
                Reply.sse(FakeAnthropicServer.textStream(bash.finalText())));

        ClaudeCli.Result run = ClaudeCli.run(anthropic.baseUrl(), ClaudeCli.Auth.apiKey(KEY), "claude-sonnet-4-6", work,
                BashRoundTrip.PROMPT, List.of("Bash"), Duration.ofSeconds(90));

        String context = context(run);
        assertEquals(0, run.exitCode(), context);
        assertFalse(run.isError(), context);
        assertEquals(bash.finalText(), run.result(), context);
        assertEquals(2, anthropic.requestCount(), context);
        anthropic.requests().forEach(r -> assertNull(r.rejection(), context));
        assertEquals("Bash", toolUse(anthropic.requests().get(1).body(), bash.callId()).path("name").asText());
        assertEquals(bash.signature(), thinkingSignature(anthropic.requests().get(1).body()), "signed thinking sent back");
        String output = toolResultText(anthropic.requests().get(1).body(), bash.callId());
        assertTrue(output.contains(bash.expectedOutput()), "the command did not run: " + output);
    }

    @Test
    @Timeout(60)
    void thinkingBlockComesBackOnlyWithASignatureTheFakeIssued() throws Exception {
        // Guards the fake itself: api.anthropic.com refuses a thinking block whose signature it did not issue.
        assertEquals(400, postThinkingHistory("sig-issued"), "nothing issued yet");
        anthropic.enqueue(Reply.sse(FakeAnthropicServer.thinkingToolUseStream("hm", "sig-issued", "toolu_1", "Bash",
                "{\"command\":\"true\"}")), Reply.sse(FakeAnthropicServer.textStream("ok")));
        assertEquals(200, post("{\"model\":\"m\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        assertEquals(200, postThinkingHistory("sig-issued"));
        assertEquals(400, postThinkingHistory("sig-forged"));
        assertTrue(anthropic.lastRequest().rejection().contains("Invalid `signature` in `thinking` block"),
                anthropic.lastRequest().rejection());
    }

    private int postThinkingHistory(String signature) throws Exception {
        return post("""
                {"model":"m","max_tokens":100,"tools":[{"name":"Bash","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"%s"},
                    {"type":"tool_use","id":"toolu_1","name":"Bash","input":{"command":"true"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"ok"}]}]}"""
                .formatted(signature));
    }

    private int post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(anthropic.baseUrl() + "/v1/messages"))
                .header("x-api-key", KEY).header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** The signature of the first assistant {@code thinking} block, or null. */
    static String thinkingSignature(JsonNode request) {
        for (JsonNode message : request.path("messages")) {
            for (JsonNode block : message.path("content")) {
                if ("assistant".equals(message.path("role").asText()) && "thinking".equals(block.path("type").asText())) {
                    return block.path("signature").asText();
                }
            }
        }
        return null;
    }

    private String context(ClaudeCli.Result run) {
        return run.describe() + "\n--- upstream requests ---\n" + anthropic.requests().stream()
                .map(r -> (r.rejection() == null ? "accepted " : "REJECTED " + r.rejection() + " ")
                        + r.rawBody().substring(0, Math.min(2000, r.rawBody().length())))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
