package io.camelgateway.provider.openai;

import static io.camelgateway.provider.openai.ResponsesTestSupport.context;
import static io.camelgateway.provider.openai.ResponsesTestSupport.request;
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
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiResponsesRequestMapperTest {

    private static final OpenAiResponsesRequestMapper MAPPER = new OpenAiResponsesRequestMapper();

    private static JsonNode body(TurnContext context) throws Exception {
        UpstreamRequest request = MAPPER.map(context);
        assertEquals("/responses", request.path());
        return Json.parse(request.body());
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void headersCarryTheGatewaysKeyAndTheOrganization() {
        TurnContext context = context(request(List.of(Message.text(Role.USER, "hi")), List.of()),
                Map.of("organization", "org-123"));
        UpstreamRequest request = MAPPER.map(context);
        assertEquals("Bearer sk-openai-test", request.headers().get("authorization"));
        assertEquals("application/json", request.headers().get("content-type"));
        assertEquals("text/event-stream", request.headers().get("accept"));
        assertEquals("org-123", request.headers().get("openai-organization"));
        assertFalse(request.toString().contains("sk-openai-test"));
    }

    @Test
    void everyHistoryItemTypeBecomesResponsesInput() throws Exception {
        List<Item> input = List.of(
                Message.text(Role.SYSTEM, "be brief"),
                new Message("msg_x", Role.USER, List.of(new ContentPart.Text("look", true),
                        new ContentPart.Image("data:image/png;base64,AAAA", "auto"),
                        new ContentPart.File(null, "data:application/pdf;base64,JVBE", null))),
                new Message("msg_y", Role.ASSISTANT, List.of(new ContentPart.Text("Let me check.", false))),
                new FunctionCall("toolu_01", "toolu_01", null, "Bash", "{\"command\":\"ls\"}"),
                new FunctionCallOutput("toolu_01", ToolOutput.ofText("a.txt")),
                new Message(null, Role.DEVELOPER, List.of(new ContentPart.Text("mid-conversation note", false))),
                new FunctionCall("fc_2", "call_2", null, "Read", "{}"),
                new FunctionCallOutput("call_2", ToolOutput.ofParts(List.of(new ContentPart.Text("see", true),
                        new ContentPart.Image("https://example.com/a.png", null)))),
                new CustomToolCall("ctc_1", "call_p", "apply_patch", "*** Begin Patch\n*** End Patch\n"),
                new CustomToolCallOutput("call_p", ToolOutput.ofText("Done")),
                new OpaqueItem("local_shell_call", (ObjectNode) json(
                        "{\"type\":\"local_shell_call\",\"id\":\"lsh_1\",\"call_id\":\"c\",\"action\":{}}")));
        List<ToolSpec> tools = List.of(new ToolSpec.Function("Bash", null, null, null),
                new ToolSpec.Function("Read", null, null, null), new ToolSpec.Custom("apply_patch", null, null));
        JsonNode items = body(context(request(input, tools))).path("input");

        assertEquals(json("{\"type\":\"message\",\"role\":\"system\",\"content\":[{\"type\":\"input_text\",\"text\":\"be brief\"}]}"),
                items.get(0));
        assertEquals(json("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"look\"},"
                + "{\"type\":\"input_image\",\"image_url\":\"data:image/png;base64,AAAA\",\"detail\":\"auto\"},"
                + "{\"type\":\"input_file\",\"filename\":\"document.pdf\",\"file_data\":\"data:application/pdf;base64,JVBE\"}]}"),
                items.get(1));
        assertEquals(json("{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"Let me check.\",\"annotations\":[]}]}"), items.get(2));
        // ids are never sent: OpenAI checks their prefixes ("fc_") and would look stored items up
        assertEquals(json("{\"type\":\"function_call\",\"name\":\"Bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\","
                + "\"call_id\":\"toolu_01\"}"), items.get(3));
        assertEquals(json("{\"type\":\"function_call_output\",\"call_id\":\"toolu_01\",\"output\":\"a.txt\"}"), items.get(4));
        assertEquals("developer", items.get(5).path("role").asText());
        assertEquals(json("{\"type\":\"function_call_output\",\"call_id\":\"call_2\",\"output\":[{\"type\":\"input_text\","
                + "\"text\":\"see\"},{\"type\":\"input_image\",\"image_url\":\"https://example.com/a.png\",\"detail\":\"auto\"}]}"),
                items.get(7));
        assertEquals(json("{\"type\":\"custom_tool_call\",\"call_id\":\"call_p\",\"name\":\"apply_patch\","
                + "\"input\":\"*** Begin Patch\\n*** End Patch\\n\"}"), items.get(8));
        assertEquals(json("{\"type\":\"custom_tool_call_output\",\"call_id\":\"call_p\",\"output\":\"Done\"}"), items.get(9));
        assertEquals(json("{\"type\":\"local_shell_call\",\"id\":\"lsh_1\",\"call_id\":\"c\",\"action\":{}}"), items.get(10));
        assertEquals(11, items.size());
    }

    @Test
    void onlyReasoningOpenAiCanReplayIsSent() throws Exception {
        List<Item> input = List.of(
                Message.text(Role.USER, "q"),
                new Reasoning("rs_ant", List.of("thought"), List.of(),
                        ReasoningEnvelope.wrap("anthropic", json("[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\"s\"}]"))),
                new Reasoning("rs_plain", List.of("no blob"), List.of("raw text"), null),
                new Reasoning("rs_openai", List.of("summary one"), List.of("raw text"), "gAAAAopenai"),
                new Reasoning(null, List.of(), List.of(), "gAAAAnoid"),
                Message.text(Role.ASSISTANT, "a"));
        JsonNode items = body(context(request(input, List.of(), null, "high", true))).path("input");

        assertEquals(4, items.size(), items.toString());
        assertEquals(json("{\"id\":\"rs_openai\",\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\","
                + "\"text\":\"summary one\"}],\"encrypted_content\":\"gAAAAopenai\"}"), items.get(1));
        assertEquals(json("{\"type\":\"reasoning\",\"summary\":[],\"encrypted_content\":\"gAAAAnoid\"}"), items.get(2));
        for (JsonNode item : items) {
            assertFalse(item.path("encrypted_content").asText().startsWith("gwr1."), item.toString());
        }
    }

    @Test
    void toolKindsAndChoice() throws Exception {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}},\"$schema\":\"x\"}");
        JsonNode grammar = json("{\"type\":\"grammar\",\"syntax\":\"lark\",\"definition\":\"start: x\"}");
        List<ToolSpec> tools = List.of(
                new ToolSpec.Function("Bash", "Run a command", schema, null),
                new ToolSpec.Function("Strict", null, null, true),
                new ToolSpec.Custom("apply_patch", "Edit files", grammar),
                new ToolSpec.Namespace("github", "GitHub", List.of(new ToolSpec.Function("create_issue", null, null, false))),
                new ToolSpec.Hosted("web_search", (ObjectNode) json("{\"type\":\"web_search\",\"external_web_access\":true}")));
        JsonNode body = body(context(request(List.of(Message.text(Role.USER, "q")), tools,
                ToolChoice.named("apply_patch"), null, false)));
        JsonNode out = body.path("tools");

        assertEquals(json("{\"type\":\"function\",\"name\":\"Bash\",\"description\":\"Run a command\",\"parameters\":"
                + schema + ",\"strict\":false}"), out.get(0));
        assertEquals(json("{\"type\":\"function\",\"name\":\"Strict\",\"parameters\":{\"type\":\"object\",\"properties\":{}},"
                + "\"strict\":true}"), out.get(1));
        assertEquals(json("{\"type\":\"custom\",\"name\":\"apply_patch\",\"description\":\"Edit files\",\"format\":"
                + grammar + "}"), out.get(2));
        assertEquals(json("{\"type\":\"namespace\",\"name\":\"github\",\"description\":\"GitHub\",\"tools\":[{\"type\":"
                + "\"function\",\"name\":\"create_issue\",\"parameters\":{\"type\":\"object\",\"properties\":{}},"
                + "\"strict\":false}]}"), out.get(3));
        assertEquals(json("{\"type\":\"web_search\",\"external_web_access\":true}"), out.get(4));
        assertEquals(json("{\"type\":\"custom\",\"name\":\"apply_patch\"}"), body.path("tool_choice"));
        assertEquals("application/json", MAPPER.map(context(request(List.of(), tools, null, null, false)))
                .headers().get("accept"));

        JsonNode required = body(context(request(List.of(), tools, ToolChoice.REQUIRED, null, true)));
        assertEquals("required", required.path("tool_choice").asText());
        JsonNode none = body(context(request(List.of(), List.of(), ToolChoice.REQUIRED, null, true)));
        assertFalse(none.has("tool_choice"), "no choice without tools: OpenAI refuses it");
        assertFalse(none.has("tools"));
    }

    @Test
    void toolNamesOpenAiWouldRefuseAreReplacedConsistently() throws Exception {
        String longName = "mcp__a_server_with_a_rather_long_name__a_tool_with_an_even_longer_name_than_that";
        List<Item> input = List.of(Message.text(Role.USER, "q"),
                new FunctionCall(null, "call_1", null, longName, "{}"),
                new FunctionCallOutput("call_1", ToolOutput.ofText("ok")));
        JsonNode body = body(context(request(input, List.of(new ToolSpec.Function(longName, null, null, null)))));
        String declared = body.path("tools").get(0).path("name").asText();
        assertTrue(declared.length() <= 64 && declared.matches("[A-Za-z0-9_-]+"), declared);
        assertEquals(declared, body.path("input").get(1).path("name").asText());
    }

    @Test
    void reasoningAndSamplingSettings() throws Exception {
        TurnRequest reasoning = new TurnRequest("m", "You are terse.", List.of(Message.text(Role.USER, "q")), List.of(),
                null, true, new ReasoningEffort("high", null), 4, 0.2, 0.9, List.of("STOP"),
                json("{\"type\":\"json_schema\",\"name\":\"x\",\"schema\":{}}"), true, "user-1", null);
        JsonNode body = body(context(reasoning));
        assertEquals("gpt-5-test", body.path("model").asText());
        assertEquals("You are terse.", body.path("instructions").asText());
        assertEquals(json("{\"effort\":\"high\",\"summary\":\"auto\"}"), body.path("reasoning"));
        assertEquals(json("[\"reasoning.encrypted_content\"]"), body.path("include"));
        assertFalse(body.path("store").asBoolean(true));
        assertTrue(body.path("stream").asBoolean());
        assertTrue(body.path("parallel_tool_calls").asBoolean());
        assertEquals(OpenAiResponsesRequestMapper.MIN_OUTPUT_TOKENS, body.path("max_output_tokens").asInt());
        assertFalse(body.has("temperature"), "reasoning models refuse sampling parameters");
        assertFalse(body.has("top_p"));
        assertFalse(body.has("stop"));
        assertFalse(body.has("user"));
        assertEquals("json_schema", body.path("text").path("format").path("type").asText());

        TurnRequest plain = new TurnRequest("m", null, List.of(Message.text(Role.USER, "q")), List.of(), null, null,
                null, 32000, 0.2, 0.9, null, null, false, null, null);
        JsonNode plainBody = body(context(plain));
        assertFalse(plainBody.has("reasoning"));
        assertFalse(plainBody.has("include"));
        assertFalse(plainBody.has("instructions"));
        assertFalse(plainBody.path("store").asBoolean(true));
        assertEquals(32000, plainBody.path("max_output_tokens").asInt());
        assertEquals(0.2, plainBody.path("temperature").asDouble());
        assertEquals(0.9, plainBody.path("top_p").asDouble());
        assertFalse(plainBody.path("stream").asBoolean(true));
        assertNull(plainBody.get("text"));

        JsonNode off = body(context(request(List.of(Message.text(Role.USER, "q")), List.of(), null, "none", true)));
        assertFalse(off.has("reasoning"), "effort none leaves the model's default: not every model accepts it");
        assertFalse(off.has("include"));
    }
}
