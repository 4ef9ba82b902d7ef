package io.camelgateway.api.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.ToolSearchOutput;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the gateway sends as an output item comes back unchanged when Codex replays it as input on the next turn,
 * and what Codex sends survives decode and encode.
 */
class ResponsesItemCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Item> items() {
        return Stream.of(
                new Message("msg_1", Role.ASSISTANT, List.of(new ContentPart.Text("Hello", true))),
                new Message("msg_2", Role.USER, List.of(new ContentPart.Text("<image>", false),
                        new ContentPart.Image("data:image/png;base64,AAAA", "original"),
                        new ContentPart.File("a.pdf", "data:application/pdf;base64,BB", null))),
                new Message("msg_3", Role.DEVELOPER, List.of(new ContentPart.Text("rules", false))),
                new FunctionCall("fc_1", "call_1", null, "exec_command", "{\"cmd\":\"ls\"}"),
                new FunctionCall("fc_2", "call_2", "multi_agent_v1", "spawn_agent", "{}"),
                new CustomToolCall("ctc_1", "call_p", "apply_patch", "*** Begin Patch\n*** End Patch\n"),
                new Reasoning("rs_1", List.of("Plan", "Act"), List.of(), "gAAAAB-opaque"),
                new Reasoning("rs_2", List.of(), List.of("raw thought"), null),
                new FunctionCallOutput("call_1", ToolOutput.ofText("hello\n")),
                new FunctionCallOutput("call_3", ToolOutput.ofParts(List.of(
                        new ContentPart.Image("data:image/png;base64,QQ", "original")))),
                new CustomToolCallOutput("call_p", ToolOutput.ofText("Exit code: 0")),
                new ToolSearchCall("tsc_1", "ts_1", "client", JSON.createObjectNode().put("query", "github")));
    }

    @ParameterizedTest
    @MethodSource("items")
    void anEncodedItemDecodesToTheSameItem(Item item) {
        ObjectNode encoded = ResponsesItemEncoder.encode(item, "completed");
        assertEquals(item.type(), encoded.path("type").asText());
        assertEquals(item, ResponsesItemDecoder.item(encoded, "input[0]"), encoded::toString);
    }

    @Test
    void statusIsWrittenOnCallsAndMessagesOnly() {
        assertEquals("in_progress", ResponsesItemEncoder.encode(
                new FunctionCall("fc", "c", null, "f", ""), "in_progress").path("status").asText());
        assertEquals("completed", ResponsesItemEncoder.encode(
                Message.text(Role.ASSISTANT, "x"), "completed").path("status").asText());
        assertFalse(ResponsesItemEncoder.encode(new Reasoning("rs", List.of(), List.of(), null), "completed")
                .has("status"));
        assertFalse(ResponsesItemEncoder.encode(new Reasoning("rs", List.of(), List.of(), null), "completed")
                .has("content"), "no reasoning text, no content array");
    }

    @Test
    void outputTextCarriesAnnotationsAndNamespacesAreOnlyWrittenWhenSet() {
        ObjectNode message = ResponsesItemEncoder.encode(Message.text(Role.ASSISTANT, "x"), "completed");
        assertTrue(message.path("content").get(0).path("annotations").isArray());
        assertFalse(ResponsesItemEncoder.encode(new FunctionCall("fc", "c", null, "f", "{}"), "completed")
                .has("namespace"));
    }

    @Test
    void anOpaqueItemIsReturnedVerbatim() throws Exception {
        ObjectNode raw = (ObjectNode) JSON.readTree(
                "{\"type\":\"local_shell_call\",\"id\":\"lsc_1\",\"action\":{\"type\":\"exec\",\"command\":[\"ls\"]}}");
        Item decoded = ResponsesItemDecoder.item(raw, "input[0]");
        assertEquals(new OpaqueItem("local_shell_call", raw), decoded);
        ObjectNode encoded = ResponsesItemEncoder.encode(decoded, "completed");
        assertEquals(raw, encoded);
        encoded.put("mutated", true);
        assertFalse(raw.has("mutated"), "the encoder hands out a copy");
    }

    @Test
    void aToolSearchOutputKeepsItsCallAndExecution() {
        ObjectNode encoded = ResponsesItemEncoder.encode(new ToolSearchOutput("ts_1", "client", List.of()), "completed");
        assertEquals("tool_search_output", encoded.path("type").asText());
        assertEquals("ts_1", encoded.path("call_id").asText());
        assertEquals("client", encoded.path("execution").asText());
        assertEquals(new ToolSearchOutput("ts_1", "client", List.of()), ResponsesItemDecoder.item(encoded, "input[0]"));
    }
}
