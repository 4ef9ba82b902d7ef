package io.camelgateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What every Responses stream the gateway sends must satisfy, whatever the scenario. */
final class StreamChecks {

    private StreamChecks() {
    }

    /** One terminal event, last; each item's deltas add up to its done item; items done in output order. */
    static void check(MatrixClient.Answer answer) {
        List<JsonNode> events = answer.events();
        assertNotNull(answer.terminal(), "a stream must end in a terminal event: " + answer);
        assertTrue(!answer.terminal().contains("+"), "one terminal event only: " + answer.terminal());
        String last = events.get(events.size() - 1).path("type").asText();
        assertEquals(answer.terminal(), last, "the terminal event is the last one: " + answer);
        assertEquals("response.created", events.get(0).path("type").asText(), "a stream starts with response.created");
        Map<Integer, StringBuilder> deltas = new HashMap<>();
        int previousDone = -1;
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            if (type.equals("response.output_text.delta") || type.equals("response.function_call_arguments.delta")
                    || type.equals("response.custom_tool_call_input.delta")) {
                deltas.computeIfAbsent(event.path("output_index").asInt(), i -> new StringBuilder())
                        .append(event.path("delta").asText());
            }
            if (type.equals("response.output_item.done")) {
                int index = event.path("output_index").asInt();
                assertTrue(index > previousDone, "items are done in output order: " + answer);
                previousDone = index;
                JsonNode item = event.path("item");
                String streamed = deltas.containsKey(index) ? deltas.get(index).toString() : null;
                String whole = switch (item.path("type").asText()) {
                    case "function_call" -> item.path("arguments").asText();
                    case "custom_tool_call" -> item.path("input").asText();
                    case "message" -> item.path("content").path(0).path("text").asText();
                    default -> null;
                };
                if (streamed != null && whole != null) {
                    assertEquals(whole, streamed, "the deltas of item " + index + " add up to the done item");
                }
            }
        }
    }
}
