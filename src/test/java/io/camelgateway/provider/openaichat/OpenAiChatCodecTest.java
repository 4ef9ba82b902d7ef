package io.camelgateway.provider.openaichat;

import static io.camelgateway.provider.openaichat.ChatTestSupport.context;
import static io.camelgateway.provider.openaichat.ChatTestSupport.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiChatCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenAiChatCodec codec = new OpenAiChatCodec();

    private JsonNode body(UpstreamRequest request) throws Exception {
        return JSON.readTree(request.body());
    }

    @Test
    void headersPathAndStreamOptions() throws Exception {
        UpstreamRequest upstream = codec.encodeRequest(context(request(
                List.of(Message.text(Role.USER, "hi")), List.of(), true)));
        assertEquals("/chat/completions", upstream.path());
        assertEquals("Bearer sk-test", upstream.headers().get("Authorization"));
        assertEquals("application/json", upstream.headers().get("content-type"));
        JsonNode body = body(upstream);
        assertEquals("qwen3-coder", body.get("model").asText());
        assertTrue(body.get("stream").asBoolean());
        assertTrue(body.path("stream_options").path("include_usage").asBoolean());
        assertFalse(body.has("tools"));
        assertFalse(body.has("tool_choice"));
    }

    @Test
    void historyMapsToSystemRolesMergedToolCallsAndToolMessages() throws Exception {
        ObjectNode grammar = JSON.createObjectNode().put("type", "grammar").put("syntax", "lark")
                .put("definition", "start: x");
        List<ToolSpec> tools = List.of(
                new ToolSpec.Function("exec_command", "Run", JSON.readTree("{\"type\":\"object\"}"), false),
                new ToolSpec.Custom("apply_patch", "Edit files.", grammar),
                new ToolSpec.Namespace("mcp.fs", "files", List.of(new ToolSpec.Function("read", null, null, null))),
                new ToolSpec.Hosted("web_search", JSON.createObjectNode().put("type", "web_search")));
        List<Item> input = List.of(
                Message.text(Role.DEVELOPER, "Be brief."),
                Message.text(Role.USER, "Fix it"),
                new Reasoning("rs_1", List.of("thinking"), List.of(), "enc"),
                Message.text(Role.ASSISTANT, "Looking."),
                new FunctionCall("fc_1", "call_1", null, "exec_command", "{\"cmd\":\"ls\"}"),
                new CustomToolCall("ctc_1", "call_2", "apply_patch", "*** Begin Patch\n*** End Patch"),
                new FunctionCall("fc_3", "call_3", "mcp.fs", "read", "{}"),
                new FunctionCallOutput("call_1", ToolOutput.ofText("a.txt")),
                new CustomToolCallOutput("call_2", ToolOutput.ofParts(List.of(ContentPart.text("Done"),
                        new ContentPart.Image("data:image/png;base64,AAAA", "high")))),
                new FunctionCallOutput("call_3", ToolOutput.ofText("content")),
                new OpaqueItem("compaction", JSON.createObjectNode()));
        TurnRequest turn = new TurnRequest("m", "You are Codex.", input, tools, ToolChoice.AUTO, true, null, 100,
                0.2, 0.9, List.of("END"), null, false, "u1", null);
        TurnContext context = context(turn, Map.of("max-tokens-field", "max_completion_tokens"));
        JsonNode body = body(codec.encodeRequest(context));

        JsonNode messages = body.get("messages");
        assertEquals("system", messages.get(0).get("role").asText());
        assertEquals("You are Codex.", messages.get(0).get("content").asText());
        assertEquals("system", messages.get(1).get("role").asText());
        assertEquals("Be brief.", messages.get(1).get("content").asText());
        assertEquals("user", messages.get(2).get("role").asText());
        JsonNode assistant = messages.get(3);
        assertEquals("Looking.", assistant.get("content").asText());
        assertEquals(3, assistant.get("tool_calls").size());
        assertEquals("{\"input\":\"*** Begin Patch\\n*** End Patch\"}",
                assistant.get("tool_calls").get(1).get("function").get("arguments").asText());
        assertEquals("mcp_fs__read", assistant.get("tool_calls").get(2).get("function").get("name").asText());
        assertEquals("tool", messages.get(4).get("role").asText());
        assertEquals("call_1", messages.get(4).get("tool_call_id").asText());
        assertEquals("Done", messages.get(5).get("content").asText());
        assertEquals("call_3", messages.get(6).get("tool_call_id").asText());
        JsonNode imageMessage = messages.get(7);
        assertEquals("user", imageMessage.get("role").asText());
        assertEquals("data:image/png;base64,AAAA",
                imageMessage.get("content").get(1).get("image_url").get("url").asText());
        assertEquals(8, messages.size());

        JsonNode tools0 = body.get("tools");
        assertEquals(3, tools0.size());
        assertEquals("apply_patch", tools0.get(1).get("function").get("name").asText());
        assertTrue(tools0.get(1).get("function").get("description").asText().contains("start: x"));
        assertEquals("string", tools0.get(1).at("/function/parameters/properties/input/type").asText());
        assertEquals(List.of("web_search"), context.droppedTools());
        assertEquals("auto", body.get("tool_choice").asText());
        assertTrue(body.get("parallel_tool_calls").asBoolean());
        assertEquals(100, body.get("max_completion_tokens").asInt());
        assertFalse(body.has("max_tokens"));
        assertEquals("END", body.get("stop").get(0).asText());
        assertEquals("u1", body.get("user").asText());
        for (String responsesOnly : List.of("input", "instructions", "reasoning", "include", "store", "text")) {
            assertFalse(body.has(responsesOnly), responsesOnly);
        }
    }

    @Test
    void structuredOutputBecomesResponseFormat() throws Exception {
        JsonNode format = JSON.readTree("{\"type\":\"json_schema\",\"name\":\"out\",\"strict\":true,"
                + "\"schema\":{\"type\":\"object\"}}");
        TurnRequest turn = new TurnRequest("m", null, List.of(Message.text(Role.USER, "x")), List.of(), null, null,
                null, null, null, null, null, format, false, null, null);
        JsonNode rf = body(codec.encodeRequest(context(turn))).get("response_format");
        assertEquals("json_schema", rf.get("type").asText());
        assertEquals("out", rf.at("/json_schema/name").asText());
        assertTrue(rf.at("/json_schema/strict").asBoolean());
        assertEquals("object", rf.at("/json_schema/schema/type").asText());
    }

    @Test
    void decodesReasoningTextToolCallsAndUsage() {
        TurnContext context = context(request(List.of(), List.of(new ToolSpec.Custom("apply_patch", "", null)), false));
        String body = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{"
                + "\"role\":\"assistant\",\"reasoning_content\":\"hmm\",\"content\":\"Sure.\",\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"exec_command\",\"arguments\":\"{\\\"cmd\\\":\\\"ls\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"apply_patch\",\"arguments\":{\"input\":\"P\"}}}]}}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":4,\"prompt_tokens_details\":{\"cached_tokens\":3},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":2}}}";
        TurnResponse response = codec.decodeResponse(body.getBytes(StandardCharsets.UTF_8), context);
        assertEquals(StopReason.COMPLETED, response.stopReason());
        assertEquals(List.of("hmm"), ((Reasoning) response.output().get(0)).summary());
        assertEquals("Sure.", ((Message) response.output().get(1)).joinedText());
        assertEquals("{\"cmd\":\"ls\"}", ((FunctionCall) response.output().get(2)).arguments());
        assertEquals("P", ((CustomToolCall) response.output().get(3)).input());
        assertEquals(new Usage(10, 3, 0, 4, 2), response.usage());
    }

    @Test
    void finishReasonsMap() {
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, decode("length").stopReason());
        assertEquals(StopReason.CONTENT_FILTER, decode("content_filter").stopReason());
        assertEquals(StopReason.COMPLETED, decode("stop").stopReason());
        assertEquals(StopReason.COMPLETED, decode("function_call").stopReason());
    }

    private TurnResponse decode(String finishReason) {
        String body = "{\"choices\":[{\"finish_reason\":\"" + finishReason + "\",\"message\":{\"content\":\"x\"}}]}";
        return codec.decodeResponse(body.getBytes(StandardCharsets.UTF_8), context(request(List.of(), List.of(), false)));
    }

    @Test
    void errorBodiesOfEveryShapeMap() {
        TurnContext context = context(request(List.of(), List.of(), false));
        TurnError openAi = codec.mapError(400, h -> null, bytes("{\"error\":{\"message\":\"This model's maximum "
                + "context length is 8192 tokens\",\"type\":\"invalid_request_error\",\"code\":null}}"), context);
        assertEquals("context_length_exceeded", openAi.code());
        TurnError quota = codec.mapError(429, h -> "retry-after".equals(h) ? "7" : null,
                bytes("{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\"}}"), context);
        assertEquals("insufficient_quota", quota.code());
        assertEquals(7L, quota.retryAfterSeconds());
        assertTrue(codec.mapError(400, h -> null, bytes("{\"error\":\"model 'x' not found\"}"), context)
                .message().contains("model 'x' not found"));
        assertTrue(codec.mapError(422, h -> null, bytes("{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"field required\"}]}"),
                context).message().contains("field required"));
        assertTrue(codec.mapError(400, h -> null, bytes("{\"message\":\"bad thing\"}"), context).message()
                .contains("bad thing"));
        TurnError text = codec.mapError(502, h -> null, bytes("Bad Gateway"), context);
        assertEquals(502, text.status());
        assertTrue(text.message().contains("Bad Gateway"));
        assertEquals(400, codec.mapError(401, h -> null, bytes(""), context).status());
    }

    @Test
    void noAuthorizationHeaderWithoutKey() {
        TurnRequest turn = request(List.of(Message.text(Role.USER, "hi")), List.of(), false);
        TurnContext context = new TurnContext(turn, new io.camelgateway.provider.ProviderTarget("ollama", "openai-chat",
                "http://localhost:11434/v1", null, "llama3", Map.of()), ChatTestSupport.context(turn).tools());
        assertNull(codec.encodeRequest(context).headers().get("Authorization"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
