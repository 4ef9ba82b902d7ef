package io.camelgateway.provider.gemini;

import static io.camelgateway.provider.gemini.GeminiFixtures.json;
import static io.camelgateway.provider.gemini.GeminiFixtures.replaySse;
import static io.camelgateway.provider.gemini.GeminiFixtures.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.fakes.GeminiRequestValidator;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiRequestMapperTest {

    private static final GeminiRequestMapper MAPPER = new GeminiRequestMapper(GeminiEndpoint.AI_STUDIO, "gemini");
    private static final ToolSpec EXEC = new ToolSpec.Function("exec_command", "Run a command.",
            json("{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},\"required\":[\"cmd\"],"
                    + "\"additionalProperties\":false}"), false);

    static ObjectNode body(TurnContext context) {
        ObjectNode body = MAPPER.body(context);
        assertNull(GeminiRequestValidator.validate(body), () -> "invalid for Gemini: " + body);
        return body;
    }

    @ParameterizedTest
    @ValueSource(strings = {"turn1-request-body.json", "turn2-request-body.json", "apply-patch-turn1-request-body.json",
            "apply-patch-turn2-request-body.json", "view-image-turn2-request-body.json"})
    void realCodexRequestsMapToValidGeminiRequests(String capture) {
        TurnContext context = GeminiFixtures.capture(capture, "gemini-2.5-pro");
        ObjectNode body = body(context);
        assertTrue(body.at("/systemInstruction/parts/0/text").asText().startsWith("You are"));
        assertEquals("user", body.at("/contents/0/role").asText());
        assertEquals(List.of("web_search"), context.droppedTools());
        List<String> names = new ArrayList<>();
        body.at("/tools/0/functionDeclarations").forEach(f -> names.add(f.path("name").asText()));
        assertTrue(names.contains("exec_command"), names.toString());
        String text = body.toString();
        assertFalse(text.contains("additionalProperties"), "schemas converted");
        for (Item item : context.request().input()) {
            if (item instanceof Reasoning r && r.encryptedContent() != null) {
                assertFalse(text.contains(r.encryptedContent()), "OpenAI reasoning never goes to Gemini");
            }
        }
        if (capture.startsWith("apply-patch")) {
            JsonNode patch = declaration(body, "apply_patch");
            assertEquals("string", patch.at("/parameters/properties/input/type").asText(), patch.toString());
        }
        if (capture.startsWith("view-image")) {
            assertTrue(text.contains("\"inlineData\""), "the tool's image goes as inline data");
        }
    }

    @Test
    void pathAndKeyHeader() {
        TurnContext streamed = req().context();
        UpstreamRequest request = MAPPER.map(streamed);
        assertEquals("/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", request.path());
        assertEquals("gm-test-key", request.headers().get("x-goog-api-key"));
        assertNull(request.headers().get("authorization"));
        GeminiFixtures.Req whole = req().model("models/gemini-2.5-flash");
        whole.stream = false;
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", MAPPER.map(whole.context()).path());
    }

    @Test
    void rolesAlternateAndInstructionsBecomeTheSystemInstruction() {
        GeminiFixtures.Req r = req().input(
                Message.text(Role.DEVELOPER, "Be brief."),
                Message.text(Role.USER, "First."),
                Message.text(Role.USER, "Second."),
                Message.text(Role.ASSISTANT, "Answer."),
                Message.text(Role.DEVELOPER, "Late rule."),
                Message.text(Role.USER, "Third."));
        r.instructions = "You are a test.";
        ObjectNode body = body(r.context());
        assertEquals("You are a test.\n\nBe brief.", body.at("/systemInstruction/parts/0/text").asText());
        JsonNode contents = body.get("contents");
        assertEquals(3, contents.size(), contents.toString());
        assertEquals("user", contents.get(0).path("role").asText());
        assertEquals(2, contents.get(0).path("parts").size(), "consecutive user turns merged");
        assertEquals("model", contents.get(1).path("role").asText());
        assertEquals("user", contents.get(2).path("role").asText());
        assertTrue(contents.get(2).at("/parts/0/text").asText().contains("Late rule."));
    }

    @Test
    void aStreamedAnswerRoundTripsWithItsSignaturesOnExactlyTheirParts() {
        TurnContext first = req().tools(EXEC).context();
        String sse = FakeGeminiServer.answer().thought("Plan.").text("Let me look.", "sig-text")
                .call("exec_command", "{\"cmd\":\"ls\"}", "sig-call-1").call("exec_command", "{\"cmd\":\"pwd\"}")
                .finish("STOP").sse();
        List<Item> output = answer(sse, first).output();
        List<Item> history = new ArrayList<>();
        history.add(Message.text(Role.USER, "List files."));
        history.addAll(output);
        List<FunctionCall> calls = output.stream().filter(FunctionCall.class::isInstance).map(FunctionCall.class::cast).toList();
        // answered out of order: the request puts them back in the calls' order
        history.add(new FunctionCallOutput(calls.get(1).callId(), ToolOutput.ofText("/home")));
        history.add(new FunctionCallOutput(calls.get(0).callId(), ToolOutput.ofText("a.txt")));
        ObjectNode body = body(req().tools(EXEC).input(history).context());
        JsonNode contents = body.get("contents");
        assertEquals(3, contents.size(), contents.toString());
        JsonNode model = contents.get(1).path("parts");
        assertEquals(3, model.size(), "thought summaries are not sent back: " + model);
        assertEquals("Let me look.", model.get(0).path("text").asText());
        assertEquals("sig-text", model.get(0).path("thoughtSignature").asText());
        assertEquals("ls", model.get(1).at("/functionCall/args/cmd").asText());
        assertEquals("sig-call-1", model.get(1).path("thoughtSignature").asText());
        assertFalse(model.get(2).has("thoughtSignature"), "never added to a part that had none");
        JsonNode answers = contents.get(2).path("parts");
        assertEquals("a.txt", answers.get(0).at("/functionResponse/response/output").asText());
        assertEquals("/home", answers.get(1).at("/functionResponse/response/output").asText());
        assertEquals("exec_command", answers.get(1).at("/functionResponse/name").asText());
        assertEquals(2, countSignatures(body));
    }

    @Test
    void customToolCallsGoBackAsTheirFunction() {
        ToolSpec patchTool = new ToolSpec.Custom("apply_patch", "Edit files.",
                json("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: x\"}"));
        ObjectNode body = body(req().tools(patchTool).input(
                Message.text(Role.USER, "Patch it."),
                new CustomToolCall("ctc_1", "call_x", "apply_patch", "*** Begin Patch\n*** End Patch\n"),
                new CustomToolCallOutput("call_x", ToolOutput.ofText("Success."))).context());
        JsonNode declaration = declaration(body, "apply_patch");
        assertTrue(declaration.path("description").asText().contains("start: x"));
        assertEquals("*** Begin Patch\n*** End Patch\n", body.at("/contents/1/parts/0/functionCall/args/input").asText());
        assertEquals("Success.", body.at("/contents/2/parts/0/functionResponse/response/output").asText());
    }

    @Test
    void foreignReasoningIsDroppedAndMissingResultsAreFilledIn() {
        String anthropic = ReasoningEnvelope.wrap("anthropic", json("[{\"type\":\"thinking\",\"thinking\":\"x\",\"signature\":\"s\"}]"));
        ObjectNode body = body(req().tools(EXEC).input(
                Message.text(Role.USER, "Go."),
                new Reasoning("rs_1", List.of("thought"), List.of(), anthropic),
                new Reasoning("rs_2", List.of("openai"), List.of(), "gAAAAopaque"),
                new FunctionCall("fc_1", "toolu_1", null, "exec_command", "{\"cmd\":\"ls\"}"),
                new FunctionCallOutput("call_nobody_made", ToolOutput.ofText("orphan"))).context());
        assertFalse(body.toString().contains("gwr1") || body.toString().contains("gAAAA") || body.toString().contains("\"s\""));
        assertEquals(0, countSignatures(body), "gemini-2.5 history from another provider goes unsigned");
        JsonNode answer = body.at("/contents/2/parts/0/functionResponse");
        assertEquals(GeminiContentMapper.INCOMPLETE_TOOL_RESULT, answer.at("/response/error").asText());
        assertEquals(3, body.get("contents").size());
    }

    @Test
    void gemini3GetsThePlaceholderOnlyOnUnsignedStepsOfTheCurrentTurn() {
        List<Item> history = List.of(
                Message.text(Role.USER, "Old question."),
                new FunctionCall("fc_0", "toolu_old", null, "exec_command", "{\"cmd\":\"old\"}"),
                new FunctionCallOutput("toolu_old", ToolOutput.ofText("old")),
                Message.text(Role.ASSISTANT, "Old answer."),
                Message.text(Role.USER, "New question."),
                new FunctionCall("fc_1", "toolu_1", null, "exec_command", "{\"cmd\":\"a\"}"),
                new FunctionCall("fc_2", "toolu_2", null, "exec_command", "{\"cmd\":\"b\"}"),
                new FunctionCallOutput("toolu_1", ToolOutput.ofText("1")),
                new FunctionCallOutput("toolu_2", ToolOutput.ofText("2")),
                new FunctionCall("fc_3", GeminiContentMapper.CALL_ID_PREFIX + "own", null, "exec_command", "{\"cmd\":\"c\"}"),
                new FunctionCallOutput(GeminiContentMapper.CALL_ID_PREFIX + "own", ToolOutput.ofText("3")));
        ObjectNode gemini3 = body(req().model("gemini-3-pro-preview").tools(EXEC).input(history).context());
        JsonNode contents = gemini3.get("contents");
        assertFalse(contents.get(1).at("/parts/0").has("thoughtSignature"), "an earlier turn is not validated");
        assertEquals(GeminiContentMapper.FOREIGN_CALL_SIGNATURE, contents.get(5).at("/parts/0/thoughtSignature").asText());
        assertFalse(contents.get(5).at("/parts/1").has("thoughtSignature"), "only the step's first call");
        assertEquals(GeminiContentMapper.FOREIGN_CALL_SIGNATURE, contents.get(7).at("/parts/0/thoughtSignature").asText(),
                "a call whose signature the client dropped (a Chat client keeps no reasoning)");
        ObjectNode gemini25 = body(req().model("gemini-2.5-pro").tools(EXEC).input(history).context());
        assertEquals(0, countSignatures(gemini25));
    }

    @Test
    void generationConfigAndToolConfig() {
        GeminiFixtures.Req r = req().tools(EXEC);
        r.maxOutputTokens = 1000;
        r.temperature = 0.2;
        r.topP = 0.9;
        r.stop = List.of("a", "b", "c", "d", "e", "f");
        r.toolChoice = ToolChoice.named("exec_command");
        ObjectNode body = body(r.context());
        JsonNode config = body.get("generationConfig");
        assertEquals(1000, config.path("maxOutputTokens").asInt());
        assertEquals(0.2, config.path("temperature").asDouble());
        assertEquals(0.9, config.path("topP").asDouble());
        assertEquals(5, config.path("stopSequences").size());
        assertEquals("ANY", body.at("/toolConfig/functionCallingConfig/mode").asText());
        assertEquals("exec_command", body.at("/toolConfig/functionCallingConfig/allowedFunctionNames/0").asText());
        r.toolChoice = ToolChoice.NONE;
        assertEquals("NONE", body(r.context()).at("/toolConfig/functionCallingConfig/mode").asText());
        r.toolChoice = ToolChoice.REQUIRED;
        assertEquals("ANY", body(r.context()).at("/toolConfig/functionCallingConfig/mode").asText());
    }

    @Test
    void reasoningEffortBecomesThinkingConfig() {
        assertEquals("{\"thinkingBudget\":16384,\"includeThoughts\":true}", thinking("gemini-2.5-pro", "high"));
        assertEquals("{\"thinkingBudget\":128,\"includeThoughts\":false}", thinking("gemini-2.5-pro", "minimal"));
        assertEquals("{\"thinkingBudget\":0,\"includeThoughts\":false}", thinking("gemini-2.5-flash", "none"));
        assertEquals("{\"thinkingBudget\":24576,\"includeThoughts\":true}", thinking("gemini-2.5-flash", "xhigh"));
        assertEquals("{\"thinkingBudget\":0,\"includeThoughts\":false}", thinking("gemini-2.5-flash-lite", "minimal"));
        assertEquals("{\"thinkingBudget\":1024,\"includeThoughts\":true}", thinking("gemini-2.5-flash-lite", "low"));
        assertEquals("{\"thinkingLevel\":\"high\",\"includeThoughts\":true}", thinking("gemini-3-pro-preview", "medium"));
        assertEquals("{\"thinkingLevel\":\"low\",\"includeThoughts\":false}", thinking("gemini-3-pro-preview", "minimal"));
        assertEquals("{\"thinkingLevel\":\"medium\",\"includeThoughts\":true}", thinking("gemini-3-flash-preview", "medium"));
        assertEquals("", thinking("gemini-2.0-flash", "high"), "no thinking on 2.0");
        assertEquals("", thinking("gemma-3-27b-it", "high"));
        assertEquals("", thinking("gemini-2.5-pro", null), "no effort: the model's default");
    }

    @Test
    void structuredOutputGoesAsResponseSchema() {
        GeminiFixtures.Req r = req();
        r.textFormat = json("{\"type\":\"json_schema\",\"name\":\"x\",\"strict\":true,\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"a\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"a\"],\"additionalProperties\":false}}");
        JsonNode config = body(r.context()).get("generationConfig");
        assertEquals("application/json", config.path("responseMimeType").asText());
        assertEquals("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"nullable\":true}},\"required\":[\"a\"]}",
                config.path("responseSchema").toString());
    }

    @Test
    void imagesGoAsInlineData() {
        ObjectNode body = body(req().input(new Message(null, Role.USER, List.of(
                new ContentPart.Text("Look:", false), new ContentPart.Image("data:image/jpeg;base64,AAAA", null)))).context());
        assertEquals("image/jpeg", body.at("/contents/0/parts/1/inlineData/mimeType").asText());
        assertEquals("AAAA", body.at("/contents/0/parts/1/inlineData/data").asText());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private static String thinking(String model, String effort) {
        GeminiFixtures.Req r = req().model(model);
        r.effort = effort;
        JsonNode config = body(r.context()).path("generationConfig").path("thinkingConfig");
        return config.isMissingNode() ? "" : config.toString();
    }

    static TurnResponse answer(String sse, TurnContext context) {
        List<StreamEvent> events = replaySse(sse.getBytes(StandardCharsets.UTF_8), context, 0);
        return ((StreamEvent.Finished) events.get(events.size() - 1)).response();
    }

    static JsonNode declaration(JsonNode body, String name) {
        for (JsonNode declaration : body.at("/tools/0/functionDeclarations")) {
            if (name.equals(declaration.path("name").asText())) {
                return declaration;
            }
        }
        throw new AssertionError("no declaration " + name + " in " + body.path("tools"));
    }

    static int countSignatures(JsonNode body) {
        int count = 0;
        for (JsonNode content : body.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                count += part.has("thoughtSignature") ? 1 : 0;
            }
        }
        return count;
    }
}
