package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The tool names the model called in its last few turns of a Responses history (a turn: one model response, i.e.
 * a run of output items between inputs). Lets a route send a turn that follows e.g. {@code apply_patch} work to
 * the flagship.
 */
final class ResponsesRecentTools {

    private static final Set<String> OUTPUT_TYPES = Set.of("function_call", "custom_tool_call", "local_shell_call",
            "tool_search_call", "web_search_call", "reasoning");

    private ResponsesRecentTools() {
    }

    static Set<String> of(ObjectNode body, int turns) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode items = body.get("input");
        if (items == null || !items.isArray()) {
            return names;
        }
        int seen = 0;
        boolean inTurn = false;
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            if (!isModelOutput(item)) {
                inTurn = false;
                continue;
            }
            if (!inTurn) {
                if (++seen > turns) {
                    break;
                }
                inTurn = true;
            }
            if (item.hasNonNull("name")) {
                names.add(item.get("name").asText());
            } else if ("local_shell_call".equals(item.path("type").asText())) {
                names.add("local_shell");
            }
        }
        return names;
    }

    private static boolean isModelOutput(JsonNode item) {
        String type = item.path("type").asText("message");
        return OUTPUT_TYPES.contains(type) || ("message".equals(type) && "assistant".equals(item.path("role").asText()));
    }
}
