package io.camelgateway.provider.bedrock;

import static io.camelgateway.provider.bedrock.BedrockFixtures.json;
import static io.camelgateway.provider.bedrock.BedrockFixtures.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.fakes.BedrockRequestValidator;
import io.camelgateway.fakes.FakeBedrockServer;
import io.camelgateway.fakes.SigV4Verifier;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Canonical turn → signed Converse request. */
class BedrockRequestMapperTest {

    private static final String IMAGE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static JsonNode body(TurnContext context) {
        return new BedrockRequestMapper(BedrockCredentials.fixed(BedrockFixtures.CREDENTIALS)).body(context);
    }

    /** Valid as bedrock-runtime would judge it, with every reasoning block accepted. */
    private static void assertValid(JsonNode body) {
        assertNull(BedrockRequestValidator.validate(body, block -> true), body.toString());
    }

    @Test
    void modelIdsAreOneEncodedPathSegmentAsTheSdkSendsThem() {
        assertEquals("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream",
                BedrockRequestMapper.path("us.anthropic.claude-sonnet-4-20250514-v1:0", true));
        assertEquals("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.meta.llama3-1-8b"
                        + "-instruct-v1%3A0/converse",
                BedrockRequestMapper.path("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-1-8b-instruct-v1:0", false));
    }

    @Test
    void theRequestIsSignedSoThatAnIndependentVerifierAgrees() {
        BedrockFixtures.Req r = req();
        r.baseUrl = "http://127.0.0.1:8123";
        r.input = List.of(Message.text(Role.USER, "hi"));
        TurnContext context = r.context();
        UpstreamRequest request = BedrockFixtures.codec().encodeRequest(context);
        Map<String, List<String>> headers = lowerCase(request.headers());
        headers.put("host", List.of("127.0.0.1:8123"));
        SigV4Verifier verifier = new SigV4Verifier(FakeBedrockServer.ACCESS_KEY_ID, FakeBedrockServer.SECRET_ACCESS_KEY,
                null, "us-east-1", "bedrock");
        String rawPath = URI.create("http://h" + request.path()).getRawPath();
        assertNull(verifier.check("POST", rawPath, null, headers, request.body()));
        assertEquals("application/vnd.amazon.eventstream", headers.get("accept").get(0));

        byte[] tampered = request.body().clone();
        tampered[tampered.length - 2] = ' ';
        assertEquals("InvalidSignatureException", verifier.check("POST", rawPath, null, headers, tampered).kind());
        SigV4Verifier otherSecret = new SigV4Verifier(FakeBedrockServer.ACCESS_KEY_ID, "another-secret", null,
                "us-east-1", "bedrock");
        assertEquals("InvalidSignatureException", otherSecret.check("POST", rawPath, null, headers, request.body()).kind());
    }

    @Test
    void temporaryCredentialsSendTheirSessionToken() {
        AwsSessionCredentialsIdentity session = AwsSessionCredentialsIdentity.create(FakeBedrockServer.ACCESS_KEY_ID,
                FakeBedrockServer.SECRET_ACCESS_KEY, "session-token-123");
        BedrockFixtures.Req r = req();
        r.baseUrl = "http://127.0.0.1:8123";
        r.input = List.of(Message.text(Role.USER, "hi"));
        UpstreamRequest request = new BedrockCodec(BedrockCredentials.fixed(session)).encodeRequest(r.context());
        Map<String, List<String>> headers = lowerCase(request.headers());
        headers.put("host", List.of("127.0.0.1:8123"));
        assertEquals("session-token-123", headers.get("x-amz-security-token").get(0));
        assertNull(new SigV4Verifier(FakeBedrockServer.ACCESS_KEY_ID, FakeBedrockServer.SECRET_ACCESS_KEY,
                "session-token-123", "us-east-1", "bedrock").check("POST", URI.create("http://h" + request.path())
                .getRawPath(), null, headers, request.body()));
    }

    @Test
    void missingCredentialsOrRegionAreAClear400() {
        BedrockFixtures.Req r = req();
        r.input = List.of(Message.text(Role.USER, "hi"));
        GatewayException noCredentials = assertThrows(GatewayException.class,
                () -> new BedrockCodec(BedrockCredentials.fixed(null)).encodeRequest(r.context()));
        assertEquals(400, noCredentials.error().status());
        assertEquals("provider_key_missing", noCredentials.error().code());
        r.options = new HashMap<>();
        GatewayException noRegion = assertThrows(GatewayException.class, () -> BedrockFixtures.codec().encodeRequest(r.context()));
        assertEquals(400, noRegion.error().status());
        assertTrue(noRegion.error().message().contains("AWS_REGION"), noRegion.error().message());
    }

    @Test
    void inPassthroughTheClientsOwnBedrockApiKeyGoesUpInsteadOfASignature() {
        BedrockFixtures.Req r = req();
        r.apiKey = "bedrock-api-key-of-the-client";
        r.options = new HashMap<>();
        r.input = List.of(Message.text(Role.USER, "hi"));
        UpstreamRequest request = new BedrockCodec(BedrockCredentials.fixed(null)).encodeRequest(r.context());
        assertEquals("Bearer bedrock-api-key-of-the-client", request.headers().get("authorization"));
        assertFalse(request.headers().containsKey("X-Amz-Date"));
    }

    @Test
    void systemMessagesAndMergedRoles() {
        BedrockFixtures.Req r = req();
        r.instructions = "Be brief.";
        r.maxOutputTokens = 500;
        r.temperature = 0.2;
        r.stop = List.of("END", " ");
        r.input = List.of(new Message(null, Role.DEVELOPER, List.of(new ContentPart.Text("Dev rules.", false))),
                Message.text(Role.USER, "one"), Message.text(Role.USER, "two"), Message.text(Role.USER, "   "),
                Message.text(Role.ASSISTANT, "reply"), new Message(null, Role.USER, List.of(new ContentPart.Image(IMAGE, null))));
        JsonNode body = body(r.context());
        assertValid(body);
        assertEquals(json("[{\"text\":\"Be brief.\"},{\"text\":\"Dev rules.\"}]"), body.path("system"));
        assertEquals(json("[{\"role\":\"user\",\"content\":[{\"text\":\"one\"},{\"text\":\"two\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"reply\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"image\":{\"format\":\"png\",\"source\":{\"bytes\":\""
                + IMAGE.substring(IMAGE.indexOf(',') + 1) + "\"}}}]}]"), body.path("messages"));
        assertEquals(json("{\"maxTokens\":500,\"temperature\":0.2,\"stopSequences\":[\"END\"]}"), body.path("inferenceConfig"));
        assertFalse(body.has("toolConfig"));
        assertFalse(body.has("additionalModelRequestFields"), "no reasoning asked");
    }

    @Test
    void imageUrlsCannotGoToBedrock() {
        BedrockFixtures.Req r = req();
        r.input = List.of(new Message(null, Role.USER, List.of(new ContentPart.Image("https://example.com/a.png", null))));
        GatewayException refused = assertThrows(GatewayException.class, () -> body(r.context()));
        assertEquals(400, refused.error().status());
    }

    @Test
    void toolsNamesAndSchemasFollowBedrocksRules() {
        BedrockFixtures.Req r = req();
        String longName = "a_really_long_tool_name_that_goes_on_and_on_beyond_sixty_four_characters_x";
        r.tools = List.of(
                new ToolSpec.Function("exec_command", "Run", json("{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},\"additionalProperties\":false}"), true),
                new ToolSpec.Function(longName, null, null, null),
                new ToolSpec.Function("no_type", "d", json("{\"properties\":{\"a\":{\"type\":\"string\"}}}"), null),
                new ToolSpec.Namespace("mcp__files", "MCP", List.of(new ToolSpec.Function("read.file", "Read", null, null))),
                new ToolSpec.Custom("apply_patch", "Patch", json("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: x\"}")),
                new ToolSpec.Hosted("web_search", JsonNodeFactory.instance.objectNode().put("type", "web_search")));
        r.toolChoice = ToolChoice.REQUIRED;
        TurnContext context = r.context();
        JsonNode body = body(context);
        assertValid(body);
        JsonNode tools = body.path("toolConfig").path("tools");
        assertEquals(5, tools.size(), tools.toString());
        assertEquals("exec_command", tools.get(0).at("/toolSpec/name").asText());
        assertEquals(false, tools.get(0).at("/toolSpec/inputSchema/json/additionalProperties").asBoolean(true));
        String longWire = tools.get(1).at("/toolSpec/name").asText();
        assertTrue(longWire.length() <= 64 && longWire.matches("[a-zA-Z0-9_-]+"), longWire);
        assertEquals(longName, context.tools().resolve(longWire).name(), "mapped back");
        assertEquals("object", tools.get(2).at("/toolSpec/inputSchema/json/type").asText());
        String mcpWire = tools.get(3).at("/toolSpec/name").asText();
        assertTrue(mcpWire.matches("[a-zA-Z0-9_-]{1,64}"), mcpWire);
        assertEquals("mcp__files", context.tools().resolve(mcpWire).namespace());
        assertEquals("read.file", context.tools().resolve(mcpWire).name());
        assertEquals("string", tools.get(4).at("/toolSpec/inputSchema/json/properties/input/type").asText());
        assertTrue(tools.get(4).at("/toolSpec/description").asText().contains("start: x"));
        assertEquals(json("{\"any\":{}}"), body.path("toolConfig").path("toolChoice"));
        assertEquals(List.of("web_search"), context.droppedTools());
    }

    @Test
    void aToolWhoseInputIsNotAnObjectSchemaIsRefused() {
        BedrockFixtures.Req r = req();
        r.tools = List.of(new ToolSpec.Function("f", null, json("{\"type\":\"string\"}"), null));
        GatewayException refused = assertThrows(GatewayException.class, () -> body(r.context()));
        assertEquals(400, refused.error().status());
        assertEquals("tools", refused.error().param());
    }

    @Test
    void toolHistoryPairsCallsWithResultsImagesAndUnansweredCalls() {
        BedrockFixtures.Req r = req();
        r.tools = List.of(new ToolSpec.Function("view_image", null, null, null), new ToolSpec.Custom("apply_patch", null, null));
        r.input = List.of(Message.text(Role.USER, "look"),
                new FunctionCall("fc_1", "call_1", null, "view_image", "{\"path\":\"a.png\"}"),
                new FunctionCall("fc_2", "call_2", null, "view_image", "not json"),
                new FunctionCallOutput("call_1", ToolOutput.ofParts(List.of(new ContentPart.Text("here", false),
                        new ContentPart.Image(IMAGE, null)))),
                new FunctionCallOutput("call_unknown", ToolOutput.ofText("orphan")),
                new CustomToolCall("ctc_1", "call_3", "apply_patch", "*** Begin Patch\n*** End Patch"),
                new CustomToolCallOutput("call_3", ToolOutput.ofText("")));
        JsonNode body = body(r.context());
        assertValid(body);
        JsonNode messages = body.path("messages");
        assertEquals(5, messages.size(), messages.toPrettyString());
        assertEquals(json("{\"toolUseId\":\"call_2\",\"name\":\"view_image\",\"input\":{}}"), messages.at("/1/content/1/toolUse"));
        JsonNode results = messages.at("/2/content");
        assertEquals("call_1", results.at("/0/toolResult/toolUseId").asText());
        assertEquals("png", results.at("/0/toolResult/content/1/image/format").asText());
        assertEquals("call_2", results.at("/1/toolResult/toolUseId").asText());
        assertEquals("error", results.at("/1/toolResult/status").asText(), "an unanswered call is a failed result");
        assertEquals(2, results.size(), "the orphan result is dropped");
        assertEquals(json("{\"input\":\"*** Begin Patch\\n*** End Patch\"}"), messages.at("/3/content/0/toolUse/input"));
        assertEquals(BedrockMessageMapper.EMPTY_TOOL_RESULT, messages.at("/4/content/0/toolResult/content/0/text").asText());
    }

    @Test
    void bedrockReasoningIsRestoredExactlyAndForeignReasoningDropped() {
        JsonNode blocks = json("[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"think\",\"signature\":\"c2ln\"}}},"
                + "{\"reasoningContent\":{\"redactedContent\":\"UkVE\"}}]");
        BedrockFixtures.Req r = req();
        r.effort = "high";
        r.tools = List.of(new ToolSpec.Function("shell", null, null, null));
        r.input = List.of(Message.text(Role.USER, "go"),
                new Reasoning("rs_1", List.of("think"), List.of(), ReasoningEnvelope.wrap("bedrock", blocks)),
                new FunctionCall("fc_1", "call_1", null, "shell", "{}"),
                new FunctionCallOutput("call_1", ToolOutput.ofText("ok")));
        JsonNode body = body(r.context());
        assertValid(body);
        JsonNode assistant = body.at("/messages/1/content");
        assertEquals(blocks.get(0), assistant.get(0));
        assertEquals(blocks.get(1), assistant.get(1));
        assertEquals("call_1", assistant.at("/2/toolUse/toolUseId").asText());
        assertEquals(json("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":16384}}"), body.path("additionalModelRequestFields"));
        assertEquals(16384 + BedrockRequestMapper.THINKING_HEADROOM, body.at("/inferenceConfig/maxTokens").asInt());

        r.input = List.of(Message.text(Role.USER, "go"),
                new Reasoning("rs_1", List.of("think"), List.of(), ReasoningEnvelope.wrap("anthropic", json("[{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"s\"}]"))),
                new FunctionCall("fc_1", "call_1", null, "shell", "{}"),
                new FunctionCallOutput("call_1", ToolOutput.ofText("ok")));
        JsonNode foreign = body(r.context());
        assertValid(foreign);
        assertEquals(1, foreign.at("/messages/1/content").size(), "the foreign thinking is dropped");
        assertFalse(foreign.has("additionalModelRequestFields"),
                "thinking is off for a turn whose pending tool call was made without it");
    }

    @Test
    void thinkingIsOnlyAskedOfClaude() {
        BedrockFixtures.Req r = req();
        r.model = "us.amazon.nova-pro-v1:0";
        r.effort = "medium";
        r.temperature = 0.5;
        r.input = List.of(Message.text(Role.USER, "hi"));
        JsonNode body = body(r.context());
        assertFalse(body.has("additionalModelRequestFields"));
        assertEquals(0.5, body.at("/inferenceConfig/temperature").asDouble());

        r.model = BedrockFixtures.CLAUDE;
        JsonNode claude = body(r.context());
        assertValid(claude);
        assertEquals(8192, claude.at("/additionalModelRequestFields/thinking/budget_tokens").asInt());
        assertTrue(claude.at("/inferenceConfig/temperature").isMissingNode(), "Claude rejects temperature with thinking");
    }

    @Test
    void aWholeResponseMapsLikeItsStreamAndRoundTripsItsReasoning() {
        FakeBedrockServer.Answer answer = FakeBedrockServer.answer().reasoning("plan", "sig-A").redacted("UkVE")
                .text("Running it.").toolUse("tooluse_9", "shell", "{\"cmd\":\"ls -la\"}").usage(200, 40, 100, 10).end();
        BedrockFixtures.Req r = req();
        r.stream = false;
        r.tools = List.of(new ToolSpec.Function("shell", null, null, null));
        r.input = List.of(Message.text(Role.USER, "go"));
        TurnContext context = r.context();
        TurnResponse whole = BedrockFixtures.codec().decodeResponse(FakeBedrockServer.converseBody(answer).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), context);
        List<StreamEvent> streamed = BedrockFixtures.translateBytes(context,
                BedrockStreamTranslatorTest.bytes(FakeBedrockServer.frames(answer, true)));
        TurnResponse fromStream = BedrockFixtures.terminal(streamed);
        assertEquals(fromStream.output().toString().replaceAll("(rs|msg|fc)_[0-9a-z]{24}", "$1"),
                whole.output().toString().replaceAll("(rs|msg|fc)_[0-9a-z]{24}", "$1"));
        assertEquals(new io.camelgateway.canonical.Usage(310, 100, 10, 40, 0), whole.usage());

        BedrockFixtures.Req next = req();
        next.tools = r.tools;
        List<io.camelgateway.canonical.Item> history = new java.util.ArrayList<>(r.input);
        history.addAll(whole.output());
        history.add(new FunctionCallOutput("tooluse_9", ToolOutput.ofText("total 0")));
        next.input = history;
        JsonNode body = body(next.context());
        assertValid(body);
        JsonNode assistant = body.at("/messages/1/content");
        assertEquals(answer.content().get(0), assistant.get(0));
        assertEquals(answer.content().get(1), assistant.get(1));
        assertEquals(json("{\"text\":\"Running it.\"}"), assistant.get(2));
        assertEquals(answer.content().get(3), assistant.get(3));
        assertNotEquals(0, body.at("/messages/2/content").size());
    }

    private static Map<String, List<String>> lowerCase(Map<String, String> headers) {
        Map<String, List<String>> out = new HashMap<>();
        headers.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
        return out;
    }
}
