package io.camelgateway.e2e;

import static io.camelgateway.e2e.CodexAnthropicUpstreamE2ETest.toolResultText;
import static io.camelgateway.e2e.CodexAnthropicUpstreamE2ETest.toolUse;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.assistantToolCall;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.toolCallStream;
import static io.camelgateway.e2e.CodexChatUpstreamE2ETest.toolMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Claude Code ({@code claude -p}, headless) → gateway {@code /v1/messages} → three kinds of provider: Anthropic
 * (relayed with only the model rewritten), OpenAI Responses and an OpenAI-compatible chat server (both translated).
 * For each: a plain answer, and a Bash tool round trip in which Claude Code really runs the command and the second
 * upstream request carries its output as the tool result. Claude Code authenticates with {@code x-api-key}
 * ({@code ANTHROPIC_API_KEY}) in some runs and with a bearer token ({@code ANTHROPIC_AUTH_TOKEN}) in others; the
 * provider only ever sees the gateway's own key. One gateway and one fake per provider serve all tests (starting a
 * gateway per test costs more than the client runs); each test looks only at the upstream requests it caused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaudeCodeE2ETest {

    static final String ANTHROPIC_KEY = "sk-ant-e2e-provider-key";
    static final String OPENAI_KEY = "sk-openai-e2e-provider-key";
    static final String LOCAL_KEY = "sk-local-e2e-provider-key";

    /*
     * Claude Code's own ids, aliased per provider. For the *-5-5 ids Claude Code 2.1.328 sends its environment text as a
     * role "system" message after the first user turn (the others fold it into the user turn), so those runs also check
     * that mid-conversation system text reaches each provider in place.
     */
    static final String ANTHROPIC_MODEL = "claude-opus-5-5";
    /** The {@code provider/model} form, straight to OpenAI Responses. */
    static final String OPENAI_MODEL = "openai/gpt-5.1";
    static final String OPENAI_ALIAS = "claude-sonnet-5-5";
    static final String CHAT_ALIAS = "claude-haiku-4-5";
    static final String CHAT_ALIAS_WITH_SYSTEM_MESSAGE = "claude-haiku-5-5";
    /** From Claude Code's environment text (the system prompt has a "# Environment" heading too, not this line). */
    static final String ENVIRONMENT = "You have been invoked in the following environment";

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);
    /** For {@code assertSucceeded}: the client retried, and counts its failed attempt in {@code num_turns} or not. */
    private static final int RETRIED = -1;

    private FakeAnthropicServer anthropic;
    private FakeOpenAiServer openai;
    private FakeChatServer chat;
    private GatewayProcess gateway;
    private int anthropicSeen;
    private int openAiSeen;
    private int chatSeen;

    @BeforeAll
    void start() throws Exception {
        ClaudeCli.binary();
        anthropic = FakeAnthropicServer.start(ANTHROPIC_KEY);
        openai = FakeOpenAiServer.start(OPENAI_KEY);
        chat = FakeChatServer.start().requireApiKey(LOCAL_KEY).models("qwen3-coder");
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.openai.base-url", openai.baseUrl())
                .property("gateway.local.base-url", chat.baseUrl())
                .property("gateway.alias." + ANTHROPIC_MODEL, "anthropic/claude-opus-4-7")
                .property("gateway.alias." + OPENAI_ALIAS, OPENAI_MODEL)
                .property("gateway.alias." + CHAT_ALIAS, "local/qwen3-coder")
                .property("gateway.alias." + CHAT_ALIAS_WITH_SYSTEM_MESSAGE, "local/qwen3-coder")
                .env("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
                .env("OPENAI_API_KEY", OPENAI_KEY)
                .env("LOCAL_API_KEY", LOCAL_KEY)
                .start();
    }

    @AfterAll
    void stop() throws Exception {
        Closeables.closeAll(gateway, anthropic, openai, chat);
    }

    @BeforeEach
    void markRequestsSeenSoFar() {
        anthropicSeen = anthropic.requests().size();
        openAiSeen = openai.requests().size();
        chatSeen = chat.requests().size();
    }

    private List<FakeAnthropicServer.RecordedRequest> anthropicRequests() {
        List<FakeAnthropicServer.RecordedRequest> all = anthropic.requests();
        return all.subList(anthropicSeen, all.size());
    }

    private List<FakeOpenAiServer.RecordedRequest> openAiRequests() {
        List<FakeOpenAiServer.RecordedRequest> all = openai.requests();
        return all.subList(openAiSeen, all.size());
    }

    private List<FakeChatServer.RecordedRequest> chatRequests() {
        List<FakeChatServer.RecordedRequest> all = chat.requests();
        return all.subList(chatSeen, all.size());
    }

    // ---- Anthropic: relayed unchanged but for the model ---------------------------------------------------------

    @Test
    @Timeout(150) // backstop: the client run is bounded by CLIENT_TIMEOUT; interruption kills the processes
    void anthropicPlainAnswerWithApiKey(@TempDir Path work) throws Exception {
        anthropic.enqueue(FakeAnthropicServer.Reply.sse(FakeAnthropicServer.textStream("plain-from-anthropic")));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.apiKey(ClaudeCli.CLIENT_TOKEN), ANTHROPIC_MODEL, work,
                "Say hello.", List.of());

        String context = run.describe() + anthropicContext();
        assertSucceeded(run, "plain-from-anthropic", 1, context);
        assertUsage(run, 10, 0, 20); // as the fake's message_start and message_delta say
        assertEquals(1, anthropicRequests().size(), context);
        FakeAnthropicServer.RecordedRequest request = anthropicRequests().get(0);
        assertRelayedToAnthropic(request, context);
    }

    @Test
    @Timeout(150)
    void anthropicBashRoundTripWithBearerToken(@TempDir Path work) throws Exception {
        BashRoundTrip bash = BashRoundTrip.create("toolu_e2e_");
        anthropic.enqueue(
                FakeAnthropicServer.Reply.sse(FakeAnthropicServer.thinkingToolUseStream("I should run it.",
                        bash.signature(), bash.callId(), "Bash", bash.inputJson())),
                FakeAnthropicServer.Reply.sse(FakeAnthropicServer.textStream(bash.finalText())));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.bearer(ClaudeCli.CLIENT_TOKEN), ANTHROPIC_MODEL, work,
                BashRoundTrip.PROMPT, List.of("Bash"));

        String context = run.describe() + anthropicContext();
        assertSucceeded(run, bash.finalText(), 2, context);
        assertEquals(2, anthropicRequests().size(), context);
        anthropicRequests().forEach(r -> assertRelayedToAnthropic(r, context));
        JsonNode second = anthropicRequests().get(1).body();
        assertEquals("Bash", toolUse(second, bash.callId()).path("name").asText(), context);
        String output = toolResultText(second, bash.callId());
        assertTrue(output.contains(bash.expectedOutput()), "the command did not run, tool_result: " + output);
        assertEquals(bash.signature(), ClaudeCodeFakeAnthropicCalibrationE2ETest.thinkingSignature(second),
                "the signed thinking block went back unchanged");
        JsonNode messages = second.path("messages");
        assertEquals("user", messages.path(0).path("role").asText(), second.toString());
        assertEquals("system", messages.path(1).path("role").asText(), "mid-conversation system message moved");
        assertTrue(messages.path(1).toString().contains(ENVIRONMENT), messages.path(1).toString());
    }

    @Test
    @Timeout(150)
    void anthropicOverloadedMidStreamIsRetriedByClaudeCode(@TempDir Path work) throws Exception {
        // The first answer fails after the gateway has committed the stream to the client (slow events), so only an
        // in-band error event can tell Claude Code; an overloaded_error makes it retry the request.
        anthropic.enqueue(
                FakeAnthropicServer.Reply.sse(new FakeAnthropicServer.SseBuilder().text("partial")
                        .error("overloaded_error", "Overloaded"), Duration.ofMillis(500)),
                FakeAnthropicServer.Reply.sse(FakeAnthropicServer.textStream("answer-after-retry")));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.apiKey(ClaudeCli.CLIENT_TOKEN), ANTHROPIC_MODEL, work,
                "Say hello.", List.of());

        String context = run.describe() + anthropicContext();
        assertSucceeded(run, "answer-after-retry", RETRIED, context);
        assertEquals(2, anthropicRequests().size(), context);
        anthropicRequests().forEach(r -> assertRelayedToAnthropic(r, context));
    }

    // ---- OpenAI Responses: translated -----------------------------------------------------------------------------

    @Test
    @Timeout(150)
    void openAiResponsesPlainAnswerWithBearerToken(@TempDir Path work) throws Exception {
        openai.enqueue(FakeOpenAiServer.Reply.sse(new ResponsesAnswer().text("plain-from-openai").sse()));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.bearer(ClaudeCli.CLIENT_TOKEN), OPENAI_MODEL, work,
                "Say hello.", List.of());

        String context = run.describe() + openAiContext();
        assertSucceeded(run, "plain-from-openai", 1, context);
        assertUsage(run, 32, 10, 17); // the fake's 42 input tokens of which 10 cached, in Anthropic's split
        assertEquals(1, openAiRequests().size(), context);
        assertTranslatedToOpenAi(openAiRequests().get(0), context);
    }

    @Test
    @Timeout(150)
    void openAiResponsesBashRoundTripWithApiKey(@TempDir Path work) throws Exception {
        BashRoundTrip bash = BashRoundTrip.create("call_e2e_");
        String encryptedReasoning = "gAAAAB-e2e-" + bash.callId();
        openai.enqueue(
                FakeOpenAiServer.Reply.sse(new ResponsesAnswer().reasoning("I should run it.", encryptedReasoning)
                        .functionCall(bash.callId(), "Bash", bash.inputJson()).sse()),
                FakeOpenAiServer.Reply.sse(new ResponsesAnswer().text(bash.finalText()).sse()));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.apiKey(ClaudeCli.CLIENT_TOKEN), OPENAI_ALIAS, work,
                BashRoundTrip.PROMPT, List.of("Bash"));

        String context = run.describe() + openAiContext();
        assertSucceeded(run, bash.finalText(), 2, context);
        assertEquals(2, openAiRequests().size(), context);
        openAiRequests().forEach(r -> assertTranslatedToOpenAi(r, context));
        assertNotNull(responsesTool(openAiRequests().get(0).body(), "Bash"), "Bash not offered as a function");
        JsonNode input = openAiRequests().get(1).body().path("input");
        JsonNode call = inputItem(input, "function_call", bash.callId());
        assertNotNull(call, "no function_call " + bash.callId() + " in " + input);
        assertEquals("Bash", call.path("name").asText());
        assertEquals(bash.command(), E2eJson.parse(call.path("arguments").asText()).path("command").asText());
        JsonNode output = inputItem(input, "function_call_output", bash.callId());
        assertNotNull(output, "no function_call_output " + bash.callId() + " in " + input);
        assertTrue(output.path("output").toString().contains(bash.expectedOutput()),
                "the command did not run, function_call_output: " + output);
        // The model's reasoning goes back to the provider that produced it, within the turn.
        JsonNode reasoning = StreamSupport.stream(input.spliterator(), false)
                .filter(i -> "reasoning".equals(i.path("type").asText())).findFirst().orElse(null);
        assertNotNull(reasoning, "the reasoning item was not sent back: " + input);
        assertEquals(encryptedReasoning, reasoning.path("encrypted_content").asText(), reasoning.toString());
        // Claude Code's mid-conversation system message stays after the first user turn and before the call.
        int environment = indexOf(input, i -> i.toString().contains(ENVIRONMENT));
        int firstUser = indexOf(input, i -> "user".equals(i.path("role").asText()));
        assertTrue(environment >= 0 && firstUser >= 0 && environment >= firstUser
                && environment < indexOf(input, i -> i == call), "system text not in place: " + input);
    }

    // ---- OpenAI-compatible chat: translated -----------------------------------------------------------------------

    @Test
    @Timeout(150)
    void chatPlainAnswerWithApiKey(@TempDir Path work) throws Exception {
        chat.enqueue(FakeChatServer.Reply.sse(FakeChatServer.stream().text("plain-from-chat").usage(100, 5).build()));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.apiKey(ClaudeCli.CLIENT_TOKEN), CHAT_ALIAS, work,
                "Say hello.", List.of());

        String context = run.describe() + chatContext();
        assertSucceeded(run, "plain-from-chat", 1, context);
        assertUsage(run, 100, 0, 5);
        assertEquals(1, chatRequests().size(), context);
        assertTranslatedToChat(chatRequests().get(0), context);
    }

    @Test
    @Timeout(150)
    void chatBashRoundTripWithBearerToken(@TempDir Path work) throws Exception {
        BashRoundTrip bash = BashRoundTrip.create("call_chat_");
        chat.enqueue(
                FakeChatServer.Reply.sse(toolCallStream(bash.callId(), "Bash", bash.inputJson())),
                FakeChatServer.Reply.sse(FakeChatServer.stream().text(bash.finalText()).usage(120, 9).build()));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.bearer(ClaudeCli.CLIENT_TOKEN), CHAT_ALIAS_WITH_SYSTEM_MESSAGE, work,
                BashRoundTrip.PROMPT, List.of("Bash"));

        String context = run.describe() + chatContext();
        assertSucceeded(run, bash.finalText(), 2, context);
        assertEquals(2, chatRequests().size(), context);
        chatRequests().forEach(r -> assertTranslatedToChat(r, context));
        JsonNode second = chatRequests().get(1).body();
        assertEquals("Bash", assistantToolCall(second, bash.callId()).at("/function/name").asText());
        JsonNode toolMessage = toolMessage(second, bash.callId());
        assertNotNull(toolMessage, "no tool message for " + bash.callId() + " in " + second);
        assertTrue(toolMessage.path("content").toString().contains(bash.expectedOutput()),
                "the command did not run, tool message: " + toolMessage);
        // Claude Code's mid-conversation system message stays after the first user turn and before the call.
        JsonNode messages = second.path("messages");
        int environment = indexOf(messages, m -> m.toString().contains(ENVIRONMENT));
        int firstUser = indexOf(messages, m -> "user".equals(m.path("role").asText()));
        int call = indexOf(messages, m -> m.path("tool_calls").size() > 0);
        assertTrue(environment >= 0 && firstUser >= 0 && environment >= firstUser && environment < call,
                "system text not in place: " + messages);
    }

    @Test
    @Timeout(150)
    void chatStreamCutAfterCommitIsRetriedByClaudeCode(@TempDir Path work) throws Exception {
        // The chat server stops mid-answer (no finish_reason, no [DONE]) after the gateway has committed the stream:
        // the gateway must end it with an in-band error Claude Code retries on, not a clean message_stop. Claude Code
        // 2.1.328 then falls back to a non-streaming request, which the gateway must translate as well.
        List<String> full = FakeChatServer.stream().text("partial").usage(100, 5).build();
        List<String> cut = full.subList(0, 2); // the role chunk and the text chunk only
        chat.enqueue(
                FakeChatServer.Reply.sse(cut, Duration.ofMillis(800)),
                FakeChatServer.Reply.json(FakeChatServer.textCompletion("answer-after-retry")));

        ClaudeCli.Result run = claude(ClaudeCli.Auth.apiKey(ClaudeCli.CLIENT_TOKEN), CHAT_ALIAS, work,
                "Say hello.", List.of());

        String context = run.describe() + chatContext();
        assertSucceeded(run, "answer-after-retry", RETRIED, context);
        assertEquals(2, chatRequests().size(), context);
        assertTrue(chatRequests().get(0).body().path("stream").asBoolean(), context);
        assertFalse(chatRequests().get(1).body().path("stream").asBoolean(), "the retry is Claude Code's non-streaming "
                + "fallback: " + chatRequests().get(1).rawBody().substring(0, 200));
    }

    // ---- shared checks --------------------------------------------------------------------------------------------

    private ClaudeCli.Result claude(ClaudeCli.Auth auth, String model, Path work, String prompt, List<String> tools)
            throws Exception {
        ClaudeCli.Result run = ClaudeCli.run(gateway.baseUrl(), auth, model, work, prompt, tools, CLIENT_TIMEOUT);
        System.out.println(run.describe());
        return run;
    }

    private void assertSucceeded(ClaudeCli.Result run, String expectedAnswer, int turns, String context) {
        String full = context + "\n--- gateway log ---\n" + gateway.log();
        assertEquals(0, run.exitCode(), full);
        assertFalse(run.isError(), full);
        assertEquals(expectedAnswer, run.result().strip(), full);
        if (turns != RETRIED) {
            assertEquals(turns, run.numTurns(), full);
        }
        // Claude Code takes input tokens from message_start: a translated stream must carry the upstream's count.
        assertTrue(run.json().path("usage").path("input_tokens").asLong() > 0, "no input tokens reported: " + run.stdout());
        assertTrue(run.json().path("usage").path("output_tokens").asLong() > 0, "no output tokens reported: " + run.stdout());
        assertFalse(run.output().contains(ClaudeCli.CLIENT_TOKEN), "client token echoed");
        E2eJson.assertNoServerErrors(gateway.log());
        assertFalse(gateway.log().contains(ClaudeCli.CLIENT_TOKEN), "client token logged");
    }

    private static void assertUsage(ClaudeCli.Result run, long input, long cacheRead, long output) {
        JsonNode usage = run.json().path("usage");
        assertEquals(input, usage.path("input_tokens").asLong(), usage.toString());
        assertEquals(cacheRead, usage.path("cache_read_input_tokens").asLong(), usage.toString());
        assertEquals(output, usage.path("output_tokens").asLong(), usage.toString());
    }

    private static void assertRelayedToAnthropic(FakeAnthropicServer.RecordedRequest request, String context) {
        assertNull(request.rejection(), () -> "Anthropic rejected: " + request.rejection() + "\n" + context);
        assertEquals(ANTHROPIC_KEY, request.headers().get("x-api-key"), "the provider key, not the client's");
        assertNull(request.headers().get("authorization"), "the client's bearer token must not be forwarded");
        assertFalse(request.rawBody().contains(ClaudeCli.CLIENT_TOKEN));
        assertEquals("claude-opus-4-7", request.body().path("model").asText(), "alias resolved, model rewritten");
        assertEquals("2023-06-01", request.headers().get("anthropic-version"));
        String beta = request.headers().getOrDefault("anthropic-beta", "");
        assertTrue(beta.contains("claude-code-20250219"), "anthropic-beta not forwarded: " + request.headers());
        // Relayed, not rebuilt: Claude Code's own fields arrive as it sent them.
        assertEquals("adaptive", request.body().path("thinking").path("type").asText(), request.rawBody());
        assertTrue(request.body().has("context_management"), "context_management dropped");
        assertTrue(request.body().path("metadata").path("user_id").isTextual(), "metadata.user_id dropped");
    }

    private static void assertTranslatedToOpenAi(FakeOpenAiServer.RecordedRequest request, String context) {
        assertNull(request.rejection(), () -> "OpenAI rejected: " + request.rejection() + "\n" + context);
        assertEquals("Bearer " + OPENAI_KEY, request.header("authorization"), "the provider key, not the client's");
        assertNull(request.header("x-api-key"), "the client's x-api-key must not be forwarded");
        assertFalse(request.rawBody().contains(ClaudeCli.CLIENT_TOKEN));
        assertEquals("gpt-5.1", request.body().path("model").asText());
    }

    private static void assertTranslatedToChat(FakeChatServer.RecordedRequest request, String context) {
        assertEquals(200, request.status(), () -> "chat server rejected: " + request.rawBody() + "\n" + context);
        assertEquals("Bearer " + LOCAL_KEY, request.header("authorization"), "the provider key, not the client's");
        assertNull(request.header("x-api-key"), "the client's x-api-key must not be forwarded");
        assertFalse(request.rawBody().contains(ClaudeCli.CLIENT_TOKEN));
        assertEquals("qwen3-coder", request.body().path("model").asText());
        assertNotNull(CodexChatUpstreamE2ETest.tool(request.body(), "Bash"), "Bash not offered as a function");
    }

    /** The index of the first element matching, or -1. */
    private static int indexOf(JsonNode array, java.util.function.Predicate<JsonNode> matches) {
        for (int i = 0; i < array.size(); i++) {
            if (matches.test(array.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode responsesTool(JsonNode request, String name) {
        return StreamSupport.stream(request.path("tools").spliterator(), false)
                .filter(t -> name.equals(t.path("name").asText())).findFirst().orElse(null);
    }

    private static JsonNode inputItem(JsonNode input, String type, String callId) {
        return StreamSupport.stream(input.spliterator(), false)
                .filter(i -> type.equals(i.path("type").asText()) && callId.equals(i.path("call_id").asText()))
                .findFirst().orElse(null);
    }

    private String anthropicContext() {
        return "\n--- Anthropic requests ---\n" + anthropicRequests().stream()
                .map(r -> (r.rejection() == null ? "accepted " : "REJECTED " + r.rejection() + " ") + r.headers()
                        + "\n" + abbreviate(r.rawBody()))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private String openAiContext() {
        return "\n--- OpenAI Responses requests ---\n" + openAiRequests().stream()
                .map(r -> (r.rejection() == null ? "accepted " : "REJECTED " + r.rejection() + " ") + abbreviate(r.rawBody()))
                .reduce("", (a, b) -> a + b + "\n");
    }

    private String chatContext() {
        return "\n--- chat requests ---\n" + chatRequests().stream()
                .map(r -> r.status() + " " + abbreviate(r.rawBody())).reduce("", (a, b) -> a + b + "\n");
    }

    private static String abbreviate(String body) {
        return body.length() <= 3000 ? body : body.substring(0, 1500) + " …[" + body.length() + " chars]… "
                + body.substring(body.length() - 1500);
    }
}
