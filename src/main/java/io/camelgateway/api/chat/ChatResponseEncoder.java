package io.camelgateway.api.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.TurnResponse;

/** Canonical response → {@code chat.completion} body. */
public final class ChatResponseEncoder {

    public ObjectNode encode(TurnResponse response, String model) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode toolCalls = ChatJson.JSON.createArrayNode();
        for (Item item : response.output()) {
            if (item instanceof Message m) {
                text.append(m.joinedText());
            } else if (item instanceof Reasoning r) {
                appendReasoning(reasoning, r);
            } else if (ChatJson.isToolCall(item)) {
                toolCalls.add(ChatJson.toolCall(item));
            }
        }
        ObjectNode root = ChatJson.JSON.createObjectNode();
        root.put("id", ChatJson.completionId(response.id()));
        root.put("object", "chat.completion");
        root.put("created", response.createdAt());
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (text.length() == 0 && !toolCalls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (reasoning.length() > 0) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        choice.put("finish_reason", ChatJson.finishReason(response.stopReason(), !toolCalls.isEmpty()));
        root.set("usage", ChatJson.usage(response.usage()));
        return root;
    }

    private static void appendReasoning(StringBuilder out, Reasoning reasoning) {
        for (String part : reasoning.summary().isEmpty() ? reasoning.content() : reasoning.summary()) {
            if (part.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(part);
        }
    }
}
