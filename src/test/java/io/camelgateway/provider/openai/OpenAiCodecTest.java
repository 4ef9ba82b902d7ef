package io.camelgateway.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.http.SseParser;
import io.camelgateway.json.Json;
import io.camelgateway.provider.CallStream;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.RelayedCall;
import io.camelgateway.provider.UpstreamRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI codec for a client that speaks no OpenAI API (a test-only client API standing in for one): the
 * prepared request goes to a strict fake Responses upstream over real HTTP, and the answer comes back canonical.
 */
class OpenAiCodecTest {

    private static final String KEY = "sk-openai-codec-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonNode BASH_SCHEMA = json("{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
            + "\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},\"timeout\":{\"type\":\"number\"}},"
            + "\"required\":[\"command\"],\"additionalProperties\":false}");

    /** A second turn as Claude Code would make it: a tool round trip, with thinking another provider signed. */
    private static TurnRequest claudeCodeTurn(boolean stream) {
        List<Item> input = List.of(
                Message.text(Role.USER, "List the files."),
                new Reasoning(null, List.of("I should run ls."), List.of(), ReasoningEnvelope.wrap("anthropic",
                        json("[{\"type\":\"thinking\",\"thinking\":\"I should run ls.\",\"signature\":\"sig\"}]"))),
                new Message(null, Role.ASSISTANT, List.of(new ContentPart.Text("Running ls.", true))),
                new FunctionCall("toolu_01ABC", "toolu_01ABC", null, "Bash", "{\"command\":\"ls\"}"),
                new FunctionCallOutput("toolu_01ABC", ToolOutput.ofText("a.txt\nb.txt")),
                new Message(null, Role.SYSTEM, List.of(new ContentPart.Text("Mid-conversation reminder.", false))),
                Message.text(Role.USER, "Now count them."));
        return new TurnRequest("openai/gpt-5-test", "You are Claude Code.", input,
                List.of(new ToolSpec.Function("Bash", "Run a shell command", BASH_SCHEMA, null)), null, true,
                new ReasoningEffort("medium", null), 32000, 1.0, null, null, null, stream, null, null);
    }

    private static ProviderTarget target(FakeOpenAiServer openai) {
        return new ProviderTarget("openai", "openai", openai.baseUrl(), KEY, "gpt-5-test", Map.of());
    }

    private static ClientTurn turn(CanonicalTestClient client) {
        return new ClientTurn(client, Json.object().put("model", "openai/gpt-5-test"), Map.of());
    }

    @Test
    void aWholeAnswerTranslatesBothWays() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(KEY)) {
            openai.enqueue(Reply.json(new ResponsesAnswer().reasoning("Counting.", "gAAAAcount")
                    .functionCall("call_wc", "Bash", "{\"command\":\"ls | wc -l\"}").json()));
            CanonicalTestClient client = new CanonicalTestClient(claudeCodeTurn(false));
            ProviderCall call = new OpenAiCodec().prepare(turn(client), target(openai));

            HttpResponse<byte[]> answer = send(openai, call.request());
            assertEquals(200, answer.statusCode(), new String(answer.body()));
            assertNull(openai.requests().get(0).rejection());
            JsonNode sent = openai.requests().get(0).body();
            assertEquals("gpt-5-test", sent.path("model").asText());
            assertEquals(6, sent.path("input").size(), "the Anthropic-signed reasoning stays behind: " + sent);
            assertEquals("system", sent.path("input").get(4).path("role").asText(), "system text keeps its place");

            assertEquals("completed", new String(call.clientBody(answer.body())));
            TurnResponse response = client.answers.get(0);
            assertEquals("gAAAAcount", ((Reasoning) response.output().get(0)).encryptedContent());
            FunctionCall wc = assertInstanceOf(FunctionCall.class, response.output().get(1));
            assertEquals("call_wc", wc.callId());
            assertEquals("{\"command\":\"ls | wc -l\"}", wc.arguments());
            assertEquals(42, response.usage().inputTokens());
            assertEquals(10, response.usage().cachedInputTokens());
        }
    }

    @Test
    void aStreamedAnswerReachesTheClientAsCanonicalEvents() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(KEY)) {
            openai.enqueue(Reply.sse(new ResponsesAnswer().reasoning("Counting.", "gAAAAcount").text("Two files.")
                    .sse()));
            CanonicalTestClient client = new CanonicalTestClient(claudeCodeTurn(true));
            ProviderCall call = new OpenAiCodec().prepare(turn(client), target(openai));
            assertEquals("text/event-stream", call.request().headers().get("accept"));

            HttpResponse<byte[]> answer = send(openai, call.request());
            assertEquals(200, answer.statusCode(), new String(answer.body()));
            List<List<byte[]>> frames = new ArrayList<>();
            CallStream stream = call.openStream(client.openStream("gpt-5-test", Json.object(), 0), false, frames::add);
            SseParser parser = new SseParser(stream::onEvent);
            parser.feed(answer.body());
            parser.end();
            assertNull(stream.end(), "the stream reached its terminal event");

            StreamEvent last = client.events.get(client.events.size() - 1);
            TurnResponse response = assertInstanceOf(StreamEvent.Finished.class, last).response();
            assertEquals("resp_client", response.id());
            assertEquals(List.of("Counting."), ((Reasoning) response.output().get(0)).summary());
            assertEquals("Two files.", ((Message) response.output().get(1)).joinedText());
            assertEquals(17, response.usage().outputTokens());
            assertEquals(client.events.size(), frames.size());
        }
    }

    @Test
    void upstreamErrorsMapThroughTheOpenAiErrorShape() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(KEY)) {
            openai.enqueue(Reply.error(429, "Rate limit reached for gpt-5", "requests", "rate_limit_exceeded"));
            CanonicalTestClient client = new CanonicalTestClient(claudeCodeTurn(true));
            ProviderCall call = new OpenAiCodec().prepare(turn(client), target(openai));
            HttpResponse<byte[]> answer = send(openai, call.request());
            TurnError error = call.mapError(answer.statusCode(), name -> answer.headers().firstValue(name).orElse(null),
                    answer.body());
            assertEquals(429, error.status());
            assertEquals("rate_limit_exceeded", error.code());
            assertTrue(error.message().contains("Rate limit reached"), error.message());
        }
    }

    @Test
    void clientsSpeakingAnOpenAiApiAreStillRelayed() {
        ObjectNode body = Json.object().put("model", "openai/gpt-5-test").put("input", "hi");
        ProviderCall call = new OpenAiCodec().prepare(new ClientTurn(new ResponsesApiCodec(), body, Map.of()),
                new ProviderTarget("openai", "openai", "http://127.0.0.1:1/v1", KEY, "gpt-5-test", Map.of()));
        assertInstanceOf(RelayedCall.class, call);
        assertEquals("/responses", call.request().path());
        byte[] upstream = "{\"anything\":true}".getBytes();
        assertEquals(upstream, call.clientBody(upstream), "relayed answers are the provider's own bytes");
    }

    @Test
    void theFakeRefusesWhatOpenAiRefuses() throws Exception {
        try (FakeOpenAiServer openai = FakeOpenAiServer.start(KEY)) {
            String envelope = ReasoningEnvelope.wrap("anthropic", json("[]"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":[{\"type\":\"reasoning\",\"summary\":[],"
                    + "\"encrypted_content\":\"" + envelope + "\"}]}"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\"}]}"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":[{\"type\":\"function_call\",\"id\":\"toolu_1\","
                    + "\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\","
                    + "\"call_id\":\"c\",\"output\":\"x\"}]}"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":[{\"type\":\"function_call_output\","
                    + "\"call_id\":\"c\",\"output\":\"x\"}]}"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\","
                    + "\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}]}"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":\"hi\",\"stop\":[\"x\"]}"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":["
                    + "{\"type\":\"input_file\",\"file_data\":\"data:application/pdf;base64,JVBE\"}]}]}"));
            assertEquals(400, post(openai, "{\"model\":\"m\",\"input\":\"hi\",\"max_output_tokens\":1}"));
            assertEquals(404, post(openai, "{\"model\":\"m\",\"input\":[{\"type\":\"reasoning\",\"id\":\"rs_1\","
                    + "\"summary\":[]}]}"));
            assertEquals(500, post(openai, "{\"model\":\"m\",\"input\":\"hi\"}"), "valid, but nothing scripted");
        }
    }

    private static HttpResponse<byte[]> send(FakeOpenAiServer openai, UpstreamRequest request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(openai.baseUrl() + request.path()))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int post(FakeOpenAiServer openai, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(openai.baseUrl() + "/responses"))
                .header("authorization", "Bearer " + KEY).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
