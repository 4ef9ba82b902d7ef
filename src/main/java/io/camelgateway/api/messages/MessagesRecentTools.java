package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** The tool names the model called in the last few assistant messages (each one model turn), most recent first. */
final class MessagesRecentTools {

    private MessagesRecentTools() {
    }

    static Set<String> of(JsonNode messages, int turns) {
        Set<String> names = new LinkedHashSet<>();
        if (messages == null || !messages.isArray()) {
            return names;
        }
        int seen = 0;
        for (int i = messages.size() - 1; i >= 0 && seen < turns; i--) {
            JsonNode message = messages.get(i);
            if (!"assistant".equals(message.path("role").asText())) {
                continue;
            }
            seen++;
            for (JsonNode block : message.path("content")) {
                if ("tool_use".equals(block.path("type").asText()) && block.path("name").isTextual()) {
                    names.add(block.path("name").asText());
                }
            }
        }
        return names;
    }
}
