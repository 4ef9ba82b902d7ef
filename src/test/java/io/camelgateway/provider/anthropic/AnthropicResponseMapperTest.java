package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnthropicResponseMapperTest {

    private static final String FULL = """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[
               {"type":"thinking","thinking":"First idea.","signature":"sig1"},
               {"type":"redacted_thinking","data":"opaque=="},
               {"type":"thinking","thinking":"Second idea.","signature":"sig2"},
               {"type":"text","text":"Let me "},
               {"type":"text","text":"patch it.","citations":[]},
               {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
               {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
               {"type":"tool_use","id":"toolu_1","name":"exec_command","input":{"cmd":"ls -la"}},
               {"type":"tool_use","id":"toolu_2","name":"apply_patch","input":{"input":"*** Begin Patch\\n*** End Patch\\n"}},
               {"type":"tool_use","id":"toolu_3","name":"tool_search","input":{"query":"calendar"}},
               {"type":"tool_use","id":"toolu_4","name":"ns__do_it","input":{}}
             ],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":100,"cache_read_input_tokens":1000,"cache_creation_input_tokens":50,"output_tokens":70}}
            """;

    private TurnResponse decode(String body) {
        Fixtures.Req r = Fixtures.req().tools(
                new ToolSpec.Function("exec_command", null, null, null),
                new ToolSpec.Custom("apply_patch", "patch", null),
                new ToolSpec.ToolSearch("client", "search", null),
                new ToolSpec.Namespace("ns", "group", List.of(new ToolSpec.Function("do_it", null, null, null))));
        return new AnthropicCodec().decodeResponse(body.getBytes(StandardCharsets.UTF_8), r.context());
    }

    @Test
    void mapsEveryBlockKind() {
        TurnResponse response = decode(FULL);
        assertEquals(List.of("reasoning", "message", "function_call", "custom_tool_call", "tool_search_call", "function_call"),
                response.output().stream().map(Item::type).collect(Collectors.toList()));
        Reasoning reasoning = (Reasoning) response.output().get(0);
        assertEquals(List.of("First idea.", "Second idea."), reasoning.summary());
        JsonNode blocks = ReasoningEnvelope.unwrap("anthropic", reasoning.encryptedContent());
        assertEquals(3, blocks.size());
        assertEquals("sig1", blocks.get(0).path("signature").asText());
        assertEquals("opaque==", blocks.get(1).path("data").asText());
        assertEquals("sig2", blocks.get(2).path("signature").asText());
        assertEquals("Let me patch it.", ((Message) response.output().get(1)).joinedText());
        FunctionCall exec = (FunctionCall) response.output().get(2);
        assertEquals("toolu_1", exec.callId());
        assertEquals("ls -la", Fixtures.json(exec.arguments()).path("cmd").asText());
        assertEquals("*** Begin Patch\n*** End Patch\n", ((CustomToolCall) response.output().get(3)).input());
        assertEquals("calendar", ((ToolSearchCall) response.output().get(4)).arguments().path("query").asText());
        FunctionCall namespaced = (FunctionCall) response.output().get(5);
        assertEquals("ns", namespaced.namespace());
        assertEquals("do_it", namespaced.name());
        assertEquals("{}", namespaced.arguments());
        assertEquals(StopReason.COMPLETED, response.stopReason());
        for (Item item : response.output()) {
            String id = item instanceof Message m ? m.id() : item instanceof Reasoning rs ? rs.id()
                    : item instanceof FunctionCall f ? f.id() : item instanceof CustomToolCall c ? c.id() : ((ToolSearchCall) item).id();
            assertNotNull(id);
        }
    }

    @Test
    void usageCountsCacheReadsAndWritesAsInput() {
        TurnResponse response = decode(FULL);
        assertEquals(1150, response.usage().inputTokens());
        assertEquals(1000, response.usage().cachedInputTokens());
        assertEquals(50, response.usage().cacheWriteTokens());
        assertEquals(70, response.usage().outputTokens());
    }

    @Test
    void stopReasons() {
        String template = "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\"%s\","
                + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, decode(String.format(template, "max_tokens")).stopReason());
        assertEquals(StopReason.CONTENT_FILTER, decode(String.format(template, "refusal")).stopReason());
        assertEquals(StopReason.COMPLETED, decode(String.format(template, "end_turn")).stopReason());
        assertEquals(StopReason.COMPLETED, decode(String.format(template, "stop_sequence")).stopReason());
        assertEquals(StopReason.COMPLETED, decode(String.format(template, "pause_turn")).stopReason());
        assertEquals("incomplete", decode(String.format(template, "max_tokens")).status());
    }

    @Test
    void errorBodyWithStatus200Fails() {
        TurnResponse response = decode("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertEquals("failed", response.status());
        assertEquals(503, response.error().status());
    }

    @Test
    void emptyContent() {
        TurnResponse response = decode("{\"type\":\"message\",\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":{}}");
        assertTrue(response.output().isEmpty());
        assertEquals("completed", response.status());
    }
}
