package io.camelgateway.provider.openaichat;

import static io.camelgateway.provider.openaichat.ChatTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeChatServer.Reply;
import io.camelgateway.http.SseParser;
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
import org.junit.jupiter.api.Test;

/** The codec's requests are accepted by the strict fake server, and its replies decode. */
class OpenAiChatFakeServerTest {

    private final OpenAiChatCodec codec = new OpenAiChatCodec();
    private final HttpClient http = HttpClient.newHttpClient();

    private TurnContext context(FakeChatServer server, TurnRequest turn) {
        return new TurnContext(turn, new ProviderTarget("fake", "openai-chat", server.baseUrl(), "sk-up",
                "fake-model", Map.of()), ToolNameMap.forRequest(turn, ToolNameRules.OPENAI));
    }

    private HttpResponse<InputStream> send(FakeChatServer server, UpstreamRequest upstream) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(server.baseUrl() + upstream.path()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(upstream.body()));
        upstream.headers().forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static TurnRequest codexLikeTurn(boolean stream) {
        List<Item> input = List.of(Message.text(Role.DEVELOPER, "rules"), Message.text(Role.USER, "list files"),
                new FunctionCall("fc_1", "call_9", "mcp.fs", "ls", "{}"),
                new FunctionCallOutput("call_9", ToolOutput.ofText("a.txt")));
        List<ToolSpec> tools = List.of(new ToolSpec.Namespace("mcp.fs", "fs",
                List.of(new ToolSpec.Function("ls", "list", null, null))),
                new ToolSpec.Custom("apply_patch", "patch", null));
        return new TurnRequest("gw", "Be Codex.", input, tools, null, true, null, 64, null, null, null, null, stream,
                null, null);
    }

    @Test
    void streamedTurnAgainstStrictServer() throws Exception {
        try (FakeChatServer server = FakeChatServer.start()) {
            server.requireApiKey("sk-up");
            server.enqueue(Reply.sse(FakeChatServer.stream().text("Hi ").toolCall("apply_patch",
                    "{\"input\":\"*** Begin", " Patch\"}").usage(12, 3).build(), Duration.ofMillis(2)));
            TurnContext context = context(server, codexLikeTurn(true));
            HttpResponse<InputStream> response = send(server, codec.encodeRequest(context));
            assertEquals(200, response.statusCode());
            List<StreamEvent> events = new ArrayList<>();
            TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, context.tools(), "gw");
            var translator = codec.newStreamTranslator(context, assembler);
            SseParser parser = new SseParser(translator::onEvent);
            try (InputStream in = response.body()) {
                byte[] buffer = new byte[5];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    parser.feed(buffer, 0, n);
                }
            }
            parser.end();
            translator.onEnd();
            TurnResponse done = ((StreamEvent.Finished) events.get(events.size() - 1)).response();
            assertEquals(12, done.usage().inputTokens());
            assertEquals("*** Begin Patch",
                    ((io.camelgateway.canonical.CustomToolCall) done.output().get(1)).input());
            assertEquals(1, server.requestCount());
            assertEquals(200, server.lastRequest().status());
            assertEquals("Bearer sk-up", server.lastRequest().header("authorization"));
        }
    }

    @Test
    void nonStreamedAndErrorReplies() throws Exception {
        try (FakeChatServer server = FakeChatServer.start()) {
            server.enqueue(Reply.json(FakeChatServer.toolCallCompletion("mcp_fs__ls", "{}")),
                    Reply.error(429, FakeChatServer.errorBody("slow down", "rate_limit_error", null),
                            Map.of("retry-after", "3")));
            TurnContext context = context(server, codexLikeTurn(false));
            HttpResponse<InputStream> ok = send(server, codec.encodeRequest(context));
            TurnResponse decoded = codec.decodeResponse(ok.body().readAllBytes(), context);
            FunctionCall call = (FunctionCall) decoded.output().get(0);
            assertEquals("mcp.fs", call.namespace());
            assertEquals("ls", call.name());

            HttpResponse<InputStream> limited = send(server, codec.encodeRequest(context));
            TurnError error = codec.mapError(limited.statusCode(),
                    h -> limited.headers().firstValue(h).orElse(null), limited.body().readAllBytes(), context);
            assertEquals(429, error.status());
            assertEquals(3L, error.retryAfterSeconds());
        }
    }

    @Test
    void strictServerRejectsWhatRealServersReject() throws Exception {
        try (FakeChatServer server = FakeChatServer.start()) {
            for (String bad : List.of(
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"developer\",\"content\":\"x\"}]}",
                    "{\"model\":\"m\",\"input\":[],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"x\"}]}",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":"
                            + "[{\"type\":\"function\",\"function\":{\"name\":\"a.b\"}}]}",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(server.baseUrl() + "/chat/completions"))
                        .POST(HttpRequest.BodyPublishers.ofString(bad)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, response.statusCode(), bad);
                assertTrue(response.body().contains("\"error\""));
            }
            assertEquals(5, server.requestCount());
            server.requireApiKey("sk-right");
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/models"))
                    .header("Authorization", "Bearer sk-wrong").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, models.statusCode());
        }
    }

    @Test
    void emptyScriptAnswers500() throws Exception {
        try (FakeChatServer server = FakeChatServer.start()) {
            TurnContext context = context(server, request(List.of(Message.text(Role.USER, "x")), List.of(), false));
            assertEquals(500, send(server, codec.encodeRequest(context)).statusCode());
        }
    }
}
