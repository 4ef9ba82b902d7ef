package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One model answer, item by item, rendered as the real API would send it: {@link #sse()} as a stream (items
 * added, content streamed in two deltas, items done, then {@code response.completed}) or {@link #json()} as a
 * whole response object. Scripted into {@link FakeOpenAiServer} with {@code Reply.sse(answer.sse())} or
 * {@code Reply.json(answer.json())}.
 */
public final class ResponsesAnswer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ArrayNode output = NODES.arrayNode();
    private int counter;

    public ResponsesAnswer reasoning(String summary, String encryptedContent) {
        ObjectNode item = item("rs", "reasoning");
        item.remove("status");
        item.putArray("summary").addObject().put("type", "summary_text").put("text", summary);
        item.put("encrypted_content", encryptedContent);
        return this;
    }

    public ResponsesAnswer text(String text) {
        ObjectNode item = item("msg", "message").put("role", "assistant");
        item.putArray("content").addObject().put("type", "output_text").put("text", text).putArray("annotations");
        return this;
    }

    public ResponsesAnswer functionCall(String callId, String name, String arguments) {
        item("fc", "function_call").put("call_id", callId).put("name", name).put("arguments", arguments);
        return this;
    }

    public String json() {
        return response("completed").toString();
    }

    public String sse() {
        StringBuilder out = new StringBuilder();
        int[] sequence = {0};
        ObjectNode start = response("in_progress");
        start.putArray("output");
        start.putNull("usage");
        event(out, sequence, NODES.objectNode().put("type", "response.created").set("response", start));
        for (int i = 0; i < output.size(); i++) {
            streamItem(out, sequence, i, (ObjectNode) output.get(i));
        }
        event(out, sequence, NODES.objectNode().put("type", "response.completed").set("response",
                response("completed")));
        return out.toString();
    }

    private void streamItem(StringBuilder out, int[] sequence, int index, ObjectNode item) {
        String id = item.path("id").asText();
        ObjectNode skeleton = item.deepCopy();
        String type = item.path("type").asText();
        if ("message".equals(type)) {
            skeleton.putArray("content");
        } else if ("function_call".equals(type)) {
            skeleton.put("arguments", "");
        } else {
            skeleton.putArray("summary");
        }
        event(out, sequence, itemEvent("response.output_item.added", index, skeleton));
        String text = "message".equals(type) ? item.path("content").path(0).path("text").asText()
                : "function_call".equals(type) ? item.path("arguments").asText()
                : item.path("summary").path(0).path("text").asText();
        String deltaType = "message".equals(type) ? "response.output_text.delta"
                : "function_call".equals(type) ? "response.function_call_arguments.delta"
                : "response.reasoning_summary_text.delta";
        if ("reasoning".equals(type)) {
            event(out, sequence, NODES.objectNode().put("type", "response.reasoning_summary_part.added")
                    .put("item_id", id).put("output_index", index).put("summary_index", 0));
        }
        int half = text.length() / 2;
        for (String piece : List.of(text.substring(0, half), text.substring(half))) {
            ObjectNode delta = NODES.objectNode().put("type", deltaType).put("item_id", id).put("output_index", index)
                    .put("delta", piece);
            if ("reasoning".equals(type)) {
                delta.put("summary_index", 0);
            } else if ("message".equals(type)) {
                delta.put("content_index", 0);
            }
            event(out, sequence, delta);
        }
        event(out, sequence, itemEvent("response.output_item.done", index, item));
    }

    private ObjectNode item(String prefix, String type) {
        ObjectNode item = output.addObject();
        item.put("id", prefix + "_fake_" + (++counter)).put("type", type).put("status", "completed");
        return item;
    }

    private ObjectNode response(String status) {
        ObjectNode response = NODES.objectNode().put("id", "resp_fake").put("object", "response")
                .put("created_at", 1782321745L).put("status", status).put("model", "gpt-fake");
        response.putNull("error");
        response.putNull("incomplete_details");
        response.set("output", output.deepCopy());
        ObjectNode usage = response.putObject("usage").put("input_tokens", 42).put("output_tokens", 17)
                .put("total_tokens", 59);
        usage.putObject("input_tokens_details").put("cached_tokens", 10);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 5);
        return response;
    }

    private static ObjectNode itemEvent(String type, int index, ObjectNode item) {
        ObjectNode event = NODES.objectNode().put("type", type).put("output_index", index);
        event.set("item", item);
        return event;
    }

    private static void event(StringBuilder out, int[] sequence, ObjectNode data) {
        data.put("sequence_number", sequence[0]++);
        out.append("event: ").append(data.path("type").asText()).append("\ndata: ").append(data).append("\n\n");
    }
}
