package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The codec against the strict fake over real HTTP: encode, send, stream back, translate. */
class AnthropicFakeServerTest {

    private static final ToolSpec EXEC = new ToolSpec.Function("exec_command", "Runs a command",
            Fixtures.json("{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}}}"), false);

    private final AnthropicCodec codec = new AnthropicCodec();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeAnthropicServer server;

    @BeforeEach
    void start() {
        server = FakeAnthropicServer.start("sk-ant-test");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TurnContext context(Fixtures.Req r, String apiKey) {
        TurnContext c = r.context();
        ProviderTarget target = new ProviderTarget("anthropic", "anthropic", server.baseUrl(), apiKey,
                "claude-sonnet-4-5", Map.of());
        return new TurnContext(c.request(), target, c.tools());
    }

    /** Sends the turn; returns the stream events, or a single Failed built from the HTTP error. */
    private List<StreamEvent> send(TurnContext context) throws Exception {
        UpstreamRequest up = codec.encodeRequest(context);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(context.target().baseUrl() + up.path()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(up.body())).timeout(Duration.ofSeconds(10));
        up.headers().forEach((k, v) -> {
            if (!k.equals("content-length")) {
                request.header(k, v);
            }
        });
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        List<StreamEvent> events = new ArrayList<>();
        TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, context.tools(), "resp_1", "m", 0);
        if (response.statusCode() != 200) {
            TurnError error = codec.mapError(response.statusCode(), name -> response.headers().firstValue(name).orElse(null),
                    response.body().readAllBytes(), context);
            assembler.fail(error);
            return events;
        }
        ProviderStreamTranslator translator = codec.newStreamTranslator(context, assembler);
        SseParser parser = new SseParser(translator::onEvent);
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[37];
            int n;
            while ((n = in.read(buffer)) > 0) {
                parser.feed(buffer, 0, n);
            }
        }
        parser.end();
        translator.onEnd();
        return events;
    }

    @Test
    void toolRoundTripThroughTheFake() throws Exception {
        server.enqueue(Reply.sse(FakeAnthropicServer.toolUseStream("toolu_1", "exec_command", "{\"cmd\":\"echo hello\"}"),
                Duration.ofMillis(2)));
        server.enqueue(Reply.sse(FakeAnthropicServer.textStream("It printed hello.")));
        Fixtures.Req r = Fixtures.req().tools(EXEC).input(Message.text(Role.DEVELOPER, "You are Codex."),
                Message.text(Role.USER, "Run echo hello"));

        TurnResponse first = AnthropicStreamTranslatorTest.finished(send(context(r, "sk-ant-test")));
        FunctionCall call = (FunctionCall) first.output().get(0);
        assertEquals("{\"cmd\":\"echo hello\"}", call.arguments());

        r.input(Message.text(Role.DEVELOPER, "You are Codex."), Message.text(Role.USER, "Run echo hello"), call,
                new io.camelgateway.canonical.FunctionCallOutput(call.callId(),
                        io.camelgateway.canonical.ToolOutput.ofText("hello\n")));
        TurnResponse second = AnthropicStreamTranslatorTest.finished(send(context(r, "sk-ant-test")));
        assertEquals("It printed hello.", ((Message) second.output().get(0)).joinedText());

        assertEquals(2, server.requestCount());
        assertEquals(0, server.pendingReplies());
        FakeAnthropicServer.RecordedRequest recorded = server.lastRequest();
        assertNull(recorded.rejection());
        assertEquals("2023-06-01", recorded.headers().get("anthropic-version"));
        assertEquals("toolu_1", recorded.body().path("messages").get(2).path("content").get(0).path("tool_use_id").asText());
    }

    @Test
    void thinkingStreamHelperRoundTrips() throws Exception {
        server.enqueue(Reply.sse(FakeAnthropicServer.thinkingToolUseStream("Need to look.", "c2lnbmF0dXJl", "toolu_7",
                "exec_command", "{\"cmd\":\"ls\"}")));
        Fixtures.Req r = Fixtures.req().tools(EXEC).input(Message.text(Role.USER, "list"));
        r.effort = "high";
        TurnResponse response = AnthropicStreamTranslatorTest.finished(send(context(r, "sk-ant-test")));
        Reasoning reasoning = (Reasoning) response.output().get(0);
        assertEquals(List.of("Need to look."), reasoning.summary());
        assertEquals(16384, server.lastRequest().body().path("thinking").path("budget_tokens").asInt());
    }

    @Test
    void wrongKeyIsRejectedAndMappedToAuthFailure() throws Exception {
        server.enqueue(Reply.sse(FakeAnthropicServer.textStream("unused")));
        List<StreamEvent> events = send(context(Fixtures.req().input(Message.text(Role.USER, "hi")), "wrong"));
        TurnError error = assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1)).response().error();
        assertEquals("provider_auth_failed", error.code());
        assertEquals(1, server.pendingReplies(), "a rejected request does not use up the script");
        assertTrue(server.lastRequest().rejection().contains("invalid x-api-key"));
    }

    @Test
    void scriptedErrorsCarryStatusAndRetryAfter() throws Exception {
        server.enqueue(Reply.error(429, "rate_limit_error", "slow down", Map.of("retry-after", "3")),
                Reply.error(529, "overloaded_error", "Overloaded", Map.of()));
        Fixtures.Req r = Fixtures.req().input(Message.text(Role.USER, "hi"));
        TurnError limited = ((StreamEvent.Failed) last(send(context(r, "sk-ant-test")))).response().error();
        assertEquals(429, limited.status());
        assertEquals(3L, limited.retryAfterSeconds());
        TurnError overloaded = ((StreamEvent.Failed) last(send(context(r, "sk-ant-test")))).response().error();
        assertEquals(503, overloaded.status());
    }

    @Test
    void inBandErrorEndsTheStreamFailed() throws Exception {
        server.enqueue(Reply.sse(new FakeAnthropicServer.SseBuilder().text("partial").error("overloaded_error", "Overloaded")));
        List<StreamEvent> events = send(context(Fixtures.req().input(Message.text(Role.USER, "hi")), "sk-ant-test"));
        AnthropicStreamTranslatorTest.assertGrammar(events);
        assertEquals(503, ((StreamEvent.Failed) last(events)).response().error().status());
    }

    @Test
    void fakeRejectsWhatTheRealApiRejects() throws Exception {
        String[][] cases = {
            {"{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"store\":false}",
                "store: Extra inputs are not permitted"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_tokens: Field required"},
            {"{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]}", "role"},
            {"{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}",
                "alternate"},
            {"{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"\"}]}]}",
                "non-whitespace"},
            {"{\"model\":\"m\",\"max_tokens\":10,\"tools\":[{\"name\":\"a.b\",\"input_schema\":{}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "pattern"},
            {"{\"model\":\"m\",\"max_tokens\":2000,\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2000},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "budget_tokens"},
            {"{\"model\":\"m\",\"max_tokens\":10,\"tools\":[{\"name\":\"t\",\"input_schema\":{}}],\"messages\":["
                + "{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"x\",\"name\":\"t\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":\"no result\"}]}", "without `tool_result`"},
            {"{\"model\":\"m\",\"max_tokens\":10,\"tools\":[{\"name\":\"t\",\"input_schema\":{}}],\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"nope\"}]}]}", "unexpected `tool_use_id`"},
        };
        HttpClient client = HttpClient.newHttpClient();
        for (String[] c : cases) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
                    .header("x-api-key", "sk-ant-test").header("anthropic-version", "2023-06-01")
                    .POST(HttpRequest.BodyPublishers.ofString(c[0])).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode(), c[0]);
            assertTrue(response.body().contains("invalid_request_error"), response.body());
            assertTrue(response.body().contains(c[1]), c[1] + " in " + response.body());
        }
        HttpResponse<String> noVersion = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/messages"))
                .header("x-api-key", "sk-ant-test").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noVersion.statusCode());
        assertEquals(cases.length + 1, server.requestCount());
    }

    private static StreamEvent last(List<StreamEvent> events) {
        return events.get(events.size() - 1);
    }
}
