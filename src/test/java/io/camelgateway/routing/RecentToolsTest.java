package io.camelgateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecentToolsTest {

    private static ObjectNode body(String json) throws Exception {
        return (ObjectNode) InputTokenCounterTest.JSON.readTree(json);
    }

    @Test
    void applyPatchInTheCodexCaptureIsSeen() throws Exception {
        ObjectNode turn2 = InputTokenCounterTest.capture("apply-patch-turn2-request-body.json");
        assertEquals(Set.of("apply_patch"), facts("responses", turn2, 3).recentTools());
    }

    @Test
    void onlyTheLastTurnsCount() throws Exception {
        ObjectNode body = body("""
                {"input":[{"type":"message","role":"user","content":"go"},
                  {"type":"custom_tool_call","call_id":"c1","name":"apply_patch","input":"*** Begin Patch"},
                  {"type":"custom_tool_call_output","call_id":"c1","output":"ok"},
                  {"type":"reasoning","summary":[]},
                  {"type":"function_call","call_id":"c2","name":"exec_command","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c2","output":"ok"},
                  {"type":"function_call","call_id":"c3","name":"view_image","arguments":"{}"},
                  {"type":"function_call_output","call_id":"c3","output":"ok"}]}""");
        assertEquals(Set.of("view_image", "exec_command"), facts("responses", body, 2).recentTools());
        assertEquals(Set.of("view_image", "exec_command", "apply_patch"), facts("responses", body, 3).recentTools());
    }

    @Test
    void chatToolCallsAreSeen() throws Exception {
        ObjectNode body = body("""
                {"messages":[{"role":"user","content":"go"},
                  {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"apply_patch","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"ok"}]}""");
        assertEquals(Set.of("apply_patch"), facts("chat", body, 3).recentTools());
    }

    @Test
    void tierHeaderAcceptsOnlyCheapOrFlagship() {
        assertEquals("", TurnRouting.tier(null));
        assertEquals("cheap", TurnRouting.tier("cheap"));
        assertEquals("flagship", TurnRouting.tier(" flagship "));
        assertThrows(RequestValidationException.class, () -> TurnRouting.tier("premium"));
    }

    /** The routing facts the client API's codec reads from {@code body}. */
    static io.camelgateway.api.RoutingFacts facts(String api, com.fasterxml.jackson.databind.node.ObjectNode body, int turns) {
        io.camelgateway.api.ClientApiCodec codec = "chat".equals(api) ? new io.camelgateway.api.chat.ChatApiCodec()
                : new io.camelgateway.api.responses.ResponsesApiCodec();
        return codec.routingFacts(body, header -> null, turns);
    }
}
