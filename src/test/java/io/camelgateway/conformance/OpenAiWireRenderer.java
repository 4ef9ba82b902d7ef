package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ScriptedTurn} as OpenAI's two wires render it: the Responses API (a {@code response} object, or its event
 * stream with sequence numbers) and Chat Completions (a {@code chat.completion}, or its chunks). Text, arguments and
 * custom tool input are streamed in {@link ScriptedText#pieces} (cut inside JSON strings, never inside a code point).
 */
public final class OpenAiWireRenderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiWireRenderer() {
    }

    // ---- Responses API -------------------------------------------------------------------------------------------

    public static String responsesJson(ScriptedTurn turn, String model) {
        return response(turn, model, outputItems(turn), finalStatus(turn)).toString();
    }

    /** The SSE body ({@code event:} + {@code data:} blocks); {@code cut}: only its first half, no terminal event. */
    public static List<String> responsesEvents(ScriptedTurn turn, String model) {
        List<ObjectNode> events = new ArrayList<>();
        ObjectNode created = response(turn, model, NODES.arrayNode(), "in_progress");
        created.putNull("usage");
        events.add(NODES.objectNode().put("type", "response.created").set("response", created));
        ArrayNode items = outputItems(turn);
        for (int i = 0; i < items.size(); i++) {
            streamItem(events, i, (ObjectNode) items.get(i));
        }
        String status = finalStatus(turn);
        events.add(NODES.objectNode().put("type", "incomplete".equals(status) ? "response.incomplete"
                : "response.completed").set("response", response(turn, model, items, status)));
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ObjectNode event = events.get(i);
            event.put("sequence_number", i);
            blocks.add("event: " + event.path("type").asText() + "\ndata: " + event + "\n\n");
        }
        return blocks;
    }

    private static String finalStatus(ScriptedTurn turn) {
        return turn.stop() == ScriptedTurn.Stop.MAX_TOKENS ? "incomplete" : "completed";
    }

    private static ArrayNode outputItems(ScriptedTurn turn) {
        ArrayNode items = NODES.arrayNode();
        int n = 0;
        for (ScriptedTurn.Part part : turn.parts()) {
            n++;
            if (part instanceof ScriptedTurn.Reasoning r) {
                ObjectNode item = items.addObject().put("id", "rs_conf_" + n).put("type", "reasoning");
                ArrayNode summary = item.putArray("summary");
                if (!r.redacted() && !r.summary().isEmpty()) {
                    summary.addObject().put("type", "summary_text").put("text", r.summary());
                }
                item.put("encrypted_content", r.signature());
            } else if (part instanceof ScriptedTurn.Text t) {
                ObjectNode item = items.addObject().put("id", "msg_conf_" + n).put("type", "message")
                        .put("status", "completed").put("role", "assistant");
                item.putArray("content").addObject().put("type", "output_text").put("text", t.text())
                        .putArray("annotations");
            } else if (part instanceof ScriptedTurn.ToolCall c) {
                // a namespaced (MCP) tool is called as OpenAI's Responses API does: its namespace in its own field
                ObjectNode item = items.addObject().put("id", "fc_conf_" + n).put("type", "function_call")
                        .put("status", "completed").put("call_id", c.callId());
                if (WireNames.namespace(c.name()) != null) {
                    item.put("namespace", WireNames.namespace(c.name()));
                }
                item.put("name", WireNames.tool(c.name())).put("arguments", c.argumentsJson());
            } else if (part instanceof ScriptedTurn.CustomToolCall c) {
                items.addObject().put("id", "ctc_conf_" + n).put("type", "custom_tool_call").put("status", "completed")
                        .put("call_id", c.callId()).put("name", c.name()).put("input", c.input());
            }
        }
        return items;
    }

    private static void streamItem(List<ObjectNode> events, int index, ObjectNode item) {
        String id = item.path("id").asText();
        String type = item.path("type").asText();
        ObjectNode skeleton = item.deepCopy();
        switch (type) {
            case "message" -> skeleton.put("status", "in_progress").putArray("content");
            case "function_call" -> skeleton.put("status", "in_progress").put("arguments", "");
            case "custom_tool_call" -> skeleton.put("status", "in_progress").put("input", "");
            default -> {
                skeleton.putArray("summary");
                skeleton.remove("encrypted_content");
            }
        }
        events.add(itemEvent("response.output_item.added", index, skeleton));
        switch (type) {
            case "message" -> {
                String text = item.at("/content/0/text").asText();
                events.add(part("response.content_part.added", id, index).set("part", NODES.objectNode()
                        .put("type", "output_text").put("text", "").set("annotations", NODES.arrayNode())));
                for (String piece : pieces(text)) {
                    events.add(part("response.output_text.delta", id, index).put("delta", piece));
                }
                events.add(part("response.output_text.done", id, index).put("text", text));
                events.add(part("response.content_part.done", id, index).set("part", item.at("/content/0")));
            }
            case "function_call" -> {
                String arguments = item.path("arguments").asText();
                for (String piece : pieces(arguments)) {
                    events.add(event("response.function_call_arguments.delta", id, index).put("delta", piece));
                }
                events.add(event("response.function_call_arguments.done", id, index).put("arguments", arguments));
            }
            case "custom_tool_call" -> {
                String input = item.path("input").asText();
                for (String piece : pieces(input)) {
                    events.add(event("response.custom_tool_call_input.delta", id, index).put("delta", piece));
                }
                events.add(event("response.custom_tool_call_input.done", id, index).put("input", input));
            }
            default -> {
                JsonNode summary = item.at("/summary/0");
                if (!summary.isMissingNode()) {
                    String text = summary.path("text").asText();
                    events.add(event("response.reasoning_summary_part.added", id, index).put("summary_index", 0)
                            .set("part", NODES.objectNode().put("type", "summary_text").put("text", "")));
                    for (String piece : pieces(text)) {
                        events.add(event("response.reasoning_summary_text.delta", id, index).put("summary_index", 0)
                                .put("delta", piece));
                    }
                    events.add(event("response.reasoning_summary_text.done", id, index).put("summary_index", 0)
                            .put("text", text));
                    events.add(event("response.reasoning_summary_part.done", id, index).put("summary_index", 0)
                            .set("part", summary));
                }
            }
        }
        events.add(itemEvent("response.output_item.done", index, item));
    }

    private static ObjectNode response(ScriptedTurn turn, String model, ArrayNode output, String status) {
        ObjectNode response = NODES.objectNode().put("id", "resp_conformance").put("object", "response")
                .put("created_at", 1782321745L).put("status", status).put("model", model);
        response.putNull("error");
        if ("incomplete".equals(status)) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            response.putNull("incomplete_details");
        }
        response.set("output", output.deepCopy());
        ScriptedTurn.Usage u = turn.usage();
        ObjectNode usage = response.putObject("usage").put("input_tokens", u.input()).put("output_tokens", u.output())
                .put("total_tokens", u.input() + u.output());
        usage.putObject("input_tokens_details").put("cached_tokens", u.cachedInput());
        usage.putObject("output_tokens_details").put("reasoning_tokens", u.reasoning());
        return response;
    }

    private static ObjectNode itemEvent(String type, int index, ObjectNode item) {
        ObjectNode event = NODES.objectNode().put("type", type).put("output_index", index);
        event.set("item", item);
        return event;
    }

    private static ObjectNode event(String type, String itemId, int index) {
        return NODES.objectNode().put("type", type).put("item_id", itemId).put("output_index", index);
    }

    private static ObjectNode part(String type, String itemId, int index) {
        return event(type, itemId, index).put("content_index", 0);
    }

    // ---- Chat Completions ----------------------------------------------------------------------------------------

    /** A {@code chat.completion}; custom tool calls are functions whose one argument {@code input} holds the text. */
    public static String chatJson(ScriptedTurn turn, String model) {
        return chatJson(turn, model, List.of());
    }

    /** As {@link #chatJson(ScriptedTurn, String)}; a namespaced tool is called by the flattened name declared. */
    public static String chatJson(ScriptedTurn turn, String model, List<String> declared) {
        ObjectNode root = chatHeader(model).put("object", "chat.completion");
        ObjectNode message = NODES.objectNode().put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode calls = NODES.arrayNode();
        for (ScriptedTurn.Part part : turn.parts()) {
            if (part instanceof ScriptedTurn.Reasoning r && !r.redacted()) {
                reasoning.append(r.summary());
            } else if (part instanceof ScriptedTurn.Text t) {
                text.append(t.text());
            } else if (part instanceof ScriptedTurn.ToolCall || part instanceof ScriptedTurn.CustomToolCall) {
                calls.add(chatCall(part, declared));
            }
        }
        if (reasoning.length() > 0) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (text.length() > 0) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason(turn));
        root.set("usage", chatUsage(turn.usage()));
        return root.toString();
    }

    /** The {@code data:} blocks of a chunk stream, {@code [DONE]} last. */
    public static List<String> chatEvents(ScriptedTurn turn, String model) {
        return chatEvents(turn, model, List.of());
    }

    /** As {@link #chatEvents(ScriptedTurn, String)}; a namespaced tool is called by the flattened name declared. */
    public static List<String> chatEvents(ScriptedTurn turn, String model, List<String> declared) {
        List<ObjectNode> deltas = new ArrayList<>();
        deltas.add(NODES.objectNode().put("role", "assistant").put("content", ""));
        int callIndex = 0;
        for (ScriptedTurn.Part part : turn.parts()) {
            if (part instanceof ScriptedTurn.Reasoning r && !r.redacted()) {
                pieces(r.summary()).forEach(p -> deltas.add(NODES.objectNode().put("reasoning_content", p)));
            } else if (part instanceof ScriptedTurn.Text t) {
                pieces(t.text()).forEach(p -> deltas.add(NODES.objectNode().put("content", p)));
            } else if (part instanceof ScriptedTurn.ToolCall || part instanceof ScriptedTurn.CustomToolCall) {
                ObjectNode call = chatCall(part, declared).put("index", callIndex);
                String arguments = call.at("/function/arguments").asText();
                ((ObjectNode) call.get("function")).put("arguments", "");
                ObjectNode first = NODES.objectNode();
                first.putArray("tool_calls").add(call);
                deltas.add(first);
                for (String piece : pieces(arguments)) {
                    ObjectNode delta = NODES.objectNode();
                    delta.putArray("tool_calls").addObject().put("index", callIndex).putObject("function")
                            .put("arguments", piece);
                    deltas.add(delta);
                }
                callIndex++;
            }
        }
        List<String> blocks = new ArrayList<>();
        for (ObjectNode delta : deltas) {
            blocks.add(data(chunk(model, delta, null)));
        }
        blocks.add(data(chunk(model, NODES.objectNode(), finishReason(turn))));
        ObjectNode usage = chatHeader(model).put("object", "chat.completion.chunk");
        usage.putArray("choices");
        usage.set("usage", chatUsage(turn.usage()));
        blocks.add(data(usage));
        blocks.add("data: [DONE]\n\n");
        return blocks;
    }

    private static ObjectNode chatCall(ScriptedTurn.Part part, List<String> declared) {
        ObjectNode call = NODES.objectNode();
        if (part instanceof ScriptedTurn.ToolCall c) {
            call.put("id", c.callId()).put("type", "function").putObject("function")
                    .put("name", WireNames.flattened(c.name(), declared))
                    .put("arguments", c.argumentsJson());
        } else if (part instanceof ScriptedTurn.CustomToolCall c) {
            call.put("id", c.callId()).put("type", "function").putObject("function").put("name", c.name())
                    .put("arguments", NODES.objectNode().put("input", c.input()).toString());
        }
        return call;
    }

    private static String finishReason(ScriptedTurn turn) {
        return switch (turn.stop()) {
            case MAX_TOKENS -> "length";
            case TOOL_USE -> "tool_calls";
            default -> "stop";
        };
    }

    private static ObjectNode chatUsage(ScriptedTurn.Usage u) {
        ObjectNode usage = NODES.objectNode().put("prompt_tokens", u.input()).put("completion_tokens", u.output())
                .put("total_tokens", u.input() + u.output());
        usage.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInput());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoning());
        return usage;
    }

    private static ObjectNode chatHeader(String model) {
        return NODES.objectNode().put("id", "chatcmpl-conformance").put("created", 1782321745L).put("model", model);
    }

    private static ObjectNode chunk(String model, ObjectNode delta, String finishReason) {
        ObjectNode chunk = chatHeader(model).put("object", "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static String data(JsonNode payload) {
        return "data: " + payload + "\n\n";
    }

    /** The matrix's deltas ({@link ScriptedText#pieces}); none for empty text. */
    static List<String> pieces(String text) {
        return text.isEmpty() ? List.of() : ScriptedText.pieces(text);
    }
}
