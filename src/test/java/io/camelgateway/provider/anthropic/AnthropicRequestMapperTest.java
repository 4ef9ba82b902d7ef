package io.camelgateway.provider.anthropic;

import static io.camelgateway.provider.anthropic.Fixtures.json;
import static io.camelgateway.provider.anthropic.Fixtures.req;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.CustomToolCallOutput;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.fakes.AnthropicRequestValidator;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicRequestMapperTest {

    private static final ToolSpec EXEC = new ToolSpec.Function("exec_command", "Runs a command",
            json("{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},\"required\":[\"cmd\"]}"), false);
    private static final ToolSpec APPLY_PATCH = new ToolSpec.Custom("apply_patch", "Edit files. FREEFORM.",
            json("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: begin_patch hunk+ end_patch\"}"));

    private final AnthropicRequestMapper mapper = new AnthropicRequestMapper();

    /** Maps the request and checks the body against the strict validator the fake server uses. */
    private JsonNode body(TurnContext context) {
        JsonNode body = mapper.body(context);
        assertNull(AnthropicRequestValidator.validate(body), () -> "invalid for Anthropic: " + body);
        return body;
    }

    private static FunctionCall call(String callId, String name, String args) {
        return new FunctionCall(null, callId, null, name, args);
    }

    private static FunctionCallOutput output(String callId, String text) {
        return new FunctionCallOutput(callId, ToolOutput.ofText(text));
    }

    @Test
    void headersPathAndUnknownFieldsNeverForwarded() {
        Fixtures.Req r = req().option("anthropic-beta", "interleaved-thinking-2025-05-14").input(Message.text(Role.USER, "hi"));
        r.parallelToolCalls = true;
        UpstreamRequest up = mapper.map(r.context());
        assertEquals("/v1/messages", up.path());
        assertEquals("sk-ant-test", up.headers().get("x-api-key"));
        assertEquals("2023-06-01", up.headers().get("anthropic-version"));
        assertEquals("application/json", up.headers().get("content-type"));
        assertEquals("interleaved-thinking-2025-05-14", up.headers().get("anthropic-beta"));
        JsonNode body = json(new String(up.body(), StandardCharsets.UTF_8));
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("model", "max_tokens", "messages", "stream"), fields);
        assertEquals("claude-sonnet-4-5", body.path("model").asText());
        assertEquals(8192, body.path("max_tokens").asInt());
        assertFalse(up.toString().contains("sk-ant-test"));
    }

    @Test
    void noApiKeyHeaderWhenTargetHasNoKey() {
        Fixtures.Req r = req().input(Message.text(Role.USER, "hi"));
        TurnContext c = r.context();
        TurnContext keyless = new TurnContext(c.request(), new io.camelgateway.provider.ProviderTarget("a", "anthropic",
                "http://x", null, "m", Map.of("anthropic-version", "2024-01-01")), c.tools());
        UpstreamRequest up = mapper.map(keyless);
        assertFalse(up.headers().containsKey("x-api-key"));
        assertEquals("2024-01-01", up.headers().get("anthropic-version"));
    }

    @Test
    void instructionsAndDeveloperMessagesBecomeSystemAndLateOnesStayInPlace() {
        Fixtures.Req r = req().input(
                Message.text(Role.DEVELOPER, "base prompt"),
                Message.text(Role.SYSTEM, "more rules"),
                Message.text(Role.USER, "hello"),
                Message.text(Role.ASSISTANT, "hi there"),
                Message.text(Role.DEVELOPER, "late: approval mode changed"),
                Message.text(Role.USER, "go on"));
        r.instructions = "top instructions";
        JsonNode body = body(r.context());
        JsonNode system = body.path("system");
        assertEquals(3, system.size());
        assertEquals("top instructions", system.get(0).path("text").asText());
        assertEquals("base prompt", system.get(1).path("text").asText());
        assertEquals("more rules", system.get(2).path("text").asText());
        JsonNode messages = body.path("messages");
        assertEquals(3, messages.size());
        JsonNode lastUser = messages.get(2).path("content");
        assertEquals("<system-reminder>\nlate: approval mode changed\n</system-reminder>", lastUser.get(0).path("text").asText());
        assertEquals("go on", lastUser.get(1).path("text").asText());
        assertFalse(body.toString().contains("\"role\":\"system\""));
    }

    @Test
    void consecutiveUserMessagesMergeAndEmptyTextIsSkipped() {
        Fixtures.Req r = req().input(Message.text(Role.USER, "<environment_context/>"), Message.text(Role.USER, ""),
                Message.text(Role.USER, "  "), Message.text(Role.USER, "Create hello.txt"));
        JsonNode messages = body(r.context()).path("messages");
        assertEquals(1, messages.size());
        assertEquals(2, messages.get(0).path("content").size());
    }

    @Test
    void parallelCallsShareOneAssistantMessageAndResultsComeFirst() {
        Fixtures.Req r = req().tools(EXEC).input(
                Message.text(Role.USER, "run two"),
                Message.text(Role.ASSISTANT, "Running both."),
                call("call_1", "exec_command", "{\"cmd\":\"ls\"}"),
                call("call_2", "exec_command", "{\"cmd\":\"pwd\"}"),
                Message.text(Role.USER, "(a user note between results)"),
                output("call_2", "/home"),
                output("call_1", "a.txt"));
        JsonNode messages = body(r.context()).path("messages");
        assertEquals(3, messages.size());
        JsonNode assistant = messages.get(1).path("content");
        assertEquals("text", assistant.get(0).path("type").asText());
        assertEquals("tool_use", assistant.get(1).path("type").asText());
        assertEquals("call_1", assistant.get(1).path("id").asText());
        assertEquals("ls", assistant.get(1).path("input").path("cmd").asText());
        assertEquals("call_2", assistant.get(2).path("id").asText());
        JsonNode user = messages.get(2).path("content");
        assertEquals("tool_result", user.get(0).path("type").asText());
        assertEquals("call_2", user.get(0).path("tool_use_id").asText());
        assertEquals("/home", user.get(0).path("content").asText());
        assertEquals("tool_result", user.get(1).path("type").asText());
        assertEquals("text", user.get(2).path("type").asText());
    }

    @Test
    void invalidArgumentsBecomeAnEmptyObject() {
        Fixtures.Req r = req().tools(EXEC).input(Message.text(Role.USER, "x"), call("c1", "exec_command", "{\"cmd\": \"ls"),
                output("c1", "ok"));
        JsonNode toolUse = body(r.context()).path("messages").get(1).path("content").get(0);
        assertEquals(JsonNodeFactory.instance.objectNode(), toolUse.path("input"));
    }

    @Test
    void missingToolResultGetsSyntheticErrorAndOrphanResultIsDropped() {
        Fixtures.Req r = req().tools(EXEC).input(
                Message.text(Role.USER, "x"),
                call("call_aborted", "exec_command", "{\"cmd\":\"sleep 100\"}"),
                output("call_unknown", "orphan"),
                Message.text(Role.USER, "never mind"));
        JsonNode messages = body(r.context()).path("messages");
        assertEquals(3, messages.size());
        JsonNode results = messages.get(2).path("content");
        assertEquals("tool_result", results.get(0).path("type").asText());
        assertEquals("call_aborted", results.get(0).path("tool_use_id").asText());
        assertTrue(results.get(0).path("is_error").asBoolean());
        assertTrue(results.get(0).path("content").asText().contains("not completed"));
        assertEquals("never mind", results.get(1).path("text").asText());
        assertFalse(messages.toString().contains("call_unknown"));
    }

    @Test
    void customApplyPatchRoundTrip() {
        String patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n";
        Fixtures.Req r = req().tools(EXEC, APPLY_PATCH).input(
                Message.text(Role.USER, "Create hello.txt"),
                new CustomToolCall(null, "call_patch_1", "apply_patch", patch),
                new CustomToolCallOutput("call_patch_1", ToolOutput.ofText("Success.")));
        TurnContext context = r.context();
        JsonNode body = body(context);
        JsonNode tool = body.path("tools").get(1);
        assertEquals("apply_patch", tool.path("name").asText());
        assertTrue(tool.path("description").asText().startsWith("Edit files. FREEFORM."));
        assertTrue(tool.path("description").asText().contains("start: begin_patch hunk+ end_patch"));
        assertEquals("string", tool.path("input_schema").path("properties").path("input").path("type").asText());
        JsonNode toolUse = body.path("messages").get(1).path("content").get(0);
        assertEquals(patch, toolUse.path("input").path("input").asText());
        assertEquals("Success.", body.path("messages").get(2).path("content").get(0).path("content").asText());

        // and back: the model's tool_use for apply_patch comes out as a custom_tool_call with the raw patch
        String stream = io.camelgateway.fakes.FakeAnthropicServer.toolUseStream("toolu_9", "apply_patch",
                "{\"input\": \"*** Begin Patch\\n*** End Patch\\n\"}");
        var response = AnthropicStreamTranslatorTest.finished(
                StreamReplay.replay(stream.getBytes(StandardCharsets.UTF_8), context));
        CustomToolCall back = (CustomToolCall) response.output().get(0);
        assertEquals("apply_patch", back.name());
        assertEquals("*** Begin Patch\n*** End Patch\n", back.input());
    }

    @Test
    void namespaceToolsAreFlattenedAndMapBack() {
        ToolSpec ns = new ToolSpec.Namespace("multi_agent_v1", "Sub-agents", List.of(
                new ToolSpec.Function("spawn_agent", "Spawn", null, null),
                new ToolSpec.Function("close_agent", "Close", null, null)));
        Fixtures.Req r = req().tools(EXEC, ns).input(Message.text(Role.USER, "x"),
                new FunctionCall(null, "c1", "multi_agent_v1", "spawn_agent", "{}"), output("c1", "spawned"));
        TurnContext context = r.context();
        JsonNode body = body(context);
        List<String> names = new ArrayList<>();
        body.path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertEquals(List.of("exec_command", "multi_agent_v1__spawn_agent", "multi_agent_v1__close_agent"), names);
        assertEquals(JsonNodeFactory.instance.objectNode().put("type", "object").set("properties",
                JsonNodeFactory.instance.objectNode()), body.path("tools").get(1).path("input_schema"));
        assertEquals("multi_agent_v1__spawn_agent", body.path("messages").get(1).path("content").get(0).path("name").asText());

        String stream = io.camelgateway.fakes.FakeAnthropicServer.toolUseStream("toolu_1", "multi_agent_v1__close_agent", "{\"id\":\"a\"}");
        var response = AnthropicStreamTranslatorTest.finished(StreamReplay.replay(stream.getBytes(StandardCharsets.UTF_8), context));
        FunctionCall back = (FunctionCall) response.output().get(0);
        assertEquals("multi_agent_v1", back.namespace());
        assertEquals("close_agent", back.name());
    }

    @Test
    void imagesFromDataUriAndUrl() {
        Fixtures.Req r = req().input(new Message(null, Role.USER, List.of(
                ContentPart.text("<image name=[Image #1]>"),
                new ContentPart.Image("data:image/png;base64,iVBORw0KGgo=", "original"),
                new ContentPart.Image("https://example.com/cat.jpg", null),
                ContentPart.text("Describe the image"))));
        JsonNode content = body(r.context()).path("messages").get(0).path("content");
        assertEquals("image", content.get(1).path("type").asText());
        assertEquals("base64", content.get(1).path("source").path("type").asText());
        assertEquals("image/png", content.get(1).path("source").path("media_type").asText());
        assertEquals("iVBORw0KGgo=", content.get(1).path("source").path("data").asText());
        assertEquals("url", content.get(2).path("source").path("type").asText());
        assertEquals("https://example.com/cat.jpg", content.get(2).path("source").path("url").asText());
    }

    @Test
    void viewImageArrayOutputBecomesImageBlocksInToolResult() {
        Fixtures.Req r = req().tools(EXEC).input(Message.text(Role.USER, "Look at the image"),
                call("call_stub_1", "view_image", "{\"path\":\"/p.png\"}"),
                new FunctionCallOutput("call_stub_1", ToolOutput.ofParts(List.of(
                        new ContentPart.Image("data:image/png;base64,AAAA", "original")))));
        JsonNode result = body(r.context()).path("messages").get(2).path("content").get(0);
        assertEquals("tool_result", result.path("type").asText());
        JsonNode image = result.path("content").get(0);
        assertEquals("image", image.path("type").asText());
        assertEquals("AAAA", image.path("source").path("data").asText());
    }

    @Test
    void anthropicReasoningIsRestoredInPlaceAndForeignReasoningDropped() {
        ObjectNode thinking = JsonNodeFactory.instance.objectNode().put("type", "thinking")
                .put("thinking", "Let me list files.").put("signature", "sig==");
        String envelope = ReasoningEnvelope.wrap("anthropic", JsonNodeFactory.instance.arrayNode().add(thinking));
        Fixtures.Req r = req().tools(EXEC).input(
                Message.text(Role.USER, "one"),
                new Reasoning("rs_1", List.of("**Thinking**"), null, "gAAAAAB-openai-blob=="),
                Message.text(Role.ASSISTANT, "answer one"),
                Message.text(Role.USER, "two"),
                new Reasoning("rs_2", List.of("Let me list files."), null, envelope),
                call("c1", "exec_command", "{\"cmd\":\"ls\"}"),
                output("c1", "a.txt"));
        r.effort = "high";
        JsonNode body = body(r.context());
        JsonNode messages = body.path("messages");
        assertEquals(1, messages.get(1).path("content").size(), "foreign reasoning dropped");
        JsonNode assistant = messages.get(3).path("content");
        assertEquals(thinking, assistant.get(0));
        assertEquals("tool_use", assistant.get(1).path("type").asText());
        assertFalse(body.toString().contains("gAAAAAB"));
    }

    @Test
    void opaqueItemsAreDropped() {
        Fixtures.Req r = req().input(Message.text(Role.USER, "x"),
                new OpaqueItem("local_shell_call", JsonNodeFactory.instance.objectNode().put("type", "local_shell_call")));
        assertEquals(1, body(r.context()).path("messages").size());
    }

    @Test
    void hostedWebSearchIsDroppedAndRecordedUnlessEnabled() {
        ToolSpec webSearch = new ToolSpec.Hosted("web_search", JsonNodeFactory.instance.objectNode().put("type", "web_search"));
        Fixtures.Req r = req().tools(EXEC, webSearch).input(Message.text(Role.USER, "x"));
        TurnContext context = r.context();
        JsonNode body = body(context);
        assertEquals(1, body.path("tools").size());
        assertEquals(List.of("web_search"), context.droppedTools());

        r.option("web-search", "true");
        TurnContext enabled = r.context();
        JsonNode withSearch = body(enabled);
        assertEquals("web_search_20250305", withSearch.path("tools").get(1).path("type").asText());
        assertEquals("web_search", withSearch.path("tools").get(1).path("name").asText());
        assertTrue(enabled.droppedTools().isEmpty());
    }

    @Test
    void onlyHostedToolsMeansNoToolsAndNoToolChoice() {
        ToolSpec webSearch = new ToolSpec.Hosted("web_search", JsonNodeFactory.instance.objectNode());
        Fixtures.Req r = req().tools(webSearch).input(Message.text(Role.USER, "x"));
        JsonNode body = body(r.context());
        assertFalse(body.has("tools"));
        assertFalse(body.has("tool_choice"));
    }

    @Test
    void toolSearchCallAndOutput() {
        ToolSpec search = new ToolSpec.ToolSearch("client", "Find tools",
                json("{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}"));
        ToolSpec found = new ToolSpec.Function("calendar_create", "Create an event", null, null);
        Fixtures.Req r = req().tools(EXEC, search).input(Message.text(Role.USER, "book a meeting"),
                new ToolSearchCall(null, "call_ts", "client", json("{\"query\":\"calendar\"}")),
                new ToolSearchOutput("call_ts", "client", List.of(found)));
        JsonNode body = body(r.context());
        List<String> names = new ArrayList<>();
        body.path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertEquals(List.of("exec_command", "tool_search", "calendar_create"), names);
        JsonNode use = body.path("messages").get(1).path("content").get(0);
        assertEquals("tool_search", use.path("name").asText());
        assertEquals("calendar", use.path("input").path("query").asText());
        String listing = body.path("messages").get(2).path("content").get(0).path("content").asText();
        assertTrue(listing.contains("calendar_create") && listing.contains("Create an event"), listing);
    }

    @Test
    void toolChoiceMapping() {
        Fixtures.Req r = req().tools(EXEC).input(Message.text(Role.USER, "x"));
        assertEquals(json("{\"type\":\"auto\"}"), body(r.context()).path("tool_choice"));
        r.toolChoice = ToolChoice.REQUIRED;
        assertEquals(json("{\"type\":\"any\"}"), body(r.context()).path("tool_choice"));
        r.toolChoice = ToolChoice.NONE;
        assertEquals(json("{\"type\":\"none\"}"), body(r.context()).path("tool_choice"));
        r.toolChoice = ToolChoice.named("exec_command");
        r.parallelToolCalls = false;
        assertEquals(json("{\"type\":\"tool\",\"name\":\"exec_command\",\"disable_parallel_tool_use\":true}"),
                body(r.context()).path("tool_choice"));
        r.toolChoice = ToolChoice.AUTO;
        assertEquals(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"), body(r.context()).path("tool_choice"));
    }

    @Test
    void thinkingBudgetsAndMaxTokens() {
        Fixtures.Req r = req().tools(EXEC).input(Message.text(Role.USER, "x"));
        r.effort = "minimal";
        assertFalse(body(r.context()).has("thinking"));
        r.effort = "none";
        assertFalse(body(r.context()).has("thinking"));

        r.effort = "low";
        JsonNode low = body(r.context());
        assertEquals(2048, low.path("thinking").path("budget_tokens").asInt());
        assertEquals(8192, low.path("max_tokens").asInt());

        r.effort = "medium";
        JsonNode medium = body(r.context());
        assertEquals(8192, medium.path("thinking").path("budget_tokens").asInt());
        assertEquals(8192 + 4096, medium.path("max_tokens").asInt(), "raised above the budget");

        r.effort = "xhigh";
        assertEquals(32000, body(r.context()).path("thinking").path("budget_tokens").asInt());

        r.effort = "high";
        r.option("thinking-budget-high", "500");
        r.maxOutputTokens = 3000;
        JsonNode clamped = body(r.context());
        assertEquals(1024, clamped.path("thinking").path("budget_tokens").asInt());
        assertEquals(3000, clamped.path("max_tokens").asInt());
    }

    @Test
    void thinkingForbidsTemperatureAndForcedTools() {
        Fixtures.Req r = req().tools(EXEC).input(Message.text(Role.USER, "x"));
        r.temperature = 0.2;
        r.toolChoice = ToolChoice.REQUIRED;
        JsonNode plain = body(r.context());
        assertEquals(0.2, plain.path("temperature").asDouble());
        assertEquals("any", plain.path("tool_choice").path("type").asText());
        r.effort = "medium";
        JsonNode thinking = body(r.context());
        assertFalse(thinking.has("temperature"));
        assertEquals("auto", thinking.path("tool_choice").path("type").asText());
    }

    @Test
    void thinkingIsSwitchedOffWhenThePendingToolCallHasNoThinkingBlock() {
        Fixtures.Req r = req().tools(EXEC).input(Message.text(Role.USER, "x"),
                call("c1", "exec_command", "{}"), output("c1", "ok"));
        r.effort = "high";
        assertFalse(body(r.context()).has("thinking"));
    }

    @Test
    void samplingStopSequencesAndUser() {
        Fixtures.Req r = req().input(Message.text(Role.USER, "x"));
        r.topP = 0.9;
        r.stop = List.of("END", " ");
        r.user = "user-42";
        r.maxOutputTokens = 100;
        r.stream = false;
        JsonNode body = body(r.context());
        assertEquals(0.9, body.path("top_p").asDouble());
        assertEquals(json("[\"END\"]"), body.path("stop_sequences"));
        assertEquals("user-42", body.path("metadata").path("user_id").asText());
        assertEquals(100, body.path("max_tokens").asInt());
        assertFalse(body.has("stream"));
    }

    @Test
    void historyWithToolCallsButNoToolsStillValid() {
        // Codex's local compaction request: tools: [], but the history holds calls
        Fixtures.Req r = req().input(Message.text(Role.USER, "x"), call("c1", "exec_command", "{}"), output("c1", "ok"),
                Message.text(Role.USER, "Summarise for a handoff."));
        JsonNode body = body(r.context());
        assertEquals("exec_command", body.path("tools").get(0).path("name").asText());
        assertEquals("none", body.path("tool_choice").path("type").asText());
    }
}
