package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;

/** A canonical (non-streamed) answer → a Messages {@code message} object. */
final class MessagesResponseEncoder {

    private MessagesResponseEncoder() {
    }

    static ObjectNode encode(TurnResponse response, String model) {
        ObjectNode root = Json.object();
        root.put("id", MessagesJson.messageId(response.id()));
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model != null ? model : response.model());
        ArrayNode content = root.putArray("content");
        for (Item item : response.output()) {
            if (item instanceof Reasoning reasoning) {
                MessagesJson.thinkingBlocks(reasoning).forEach(content::add);
            } else if (item instanceof Message message) {
                String text = message.joinedText();
                if (!text.isEmpty()) {
                    content.addObject().put("type", "text").put("text", text);
                }
            } else if (MessagesJson.isToolCall(item)) {
                content.add(MessagesJson.toolUse(item));
            }
        }
        root.put("stop_reason", MessagesJson.stopReason(response.stopReason(), response.hasToolCalls()));
        root.putNull("stop_sequence");
        root.set("usage", MessagesJson.usage(response.usage()));
        return root;
    }
}
