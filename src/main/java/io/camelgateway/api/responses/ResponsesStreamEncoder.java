package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders canonical stream events as Responses API SSE frames ({@code event:} + {@code data:}), numbering every
 * frame with a strictly increasing {@code sequence_number}. One instance per stream.
 */
public final class ResponsesStreamEncoder {

    private long sequence;

    /** The SSE frames for one event, in order (some canonical events expand to several API events). */
    public List<byte[]> encode(StreamEvent event) {
        List<byte[]> frames = new ArrayList<>(2);
        if (event instanceof StreamEvent.Created e) {
            ObjectNode response = ResponsesResponseEncoder.encode(e.response(), "in_progress");
            frames.add(frame("response.created", body("response.created").set("response", response)));
            frames.add(frame("response.in_progress", body("response.in_progress").set("response", response)));
        } else if (event instanceof StreamEvent.ItemAdded e) {
            frames.add(frame("response.output_item.added", body("response.output_item.added")
                    .put("output_index", e.outputIndex())
                    .set("item", ResponsesItemEncoder.encode(e.item(), "in_progress"))));
            if (e.item() instanceof Message m) {
                frames.add(frame("response.content_part.added", itemEvent("response.content_part.added",
                        m.id(), e.outputIndex()).put("content_index", 0).set("part", emptyTextPart())));
            }
        } else if (event instanceof StreamEvent.TextDelta e) {
            ObjectNode body = itemEvent("response.output_text.delta", e.itemId(), e.outputIndex())
                    .put("content_index", e.contentIndex()).put("delta", e.delta());
            body.putArray("logprobs");
            frames.add(frame("response.output_text.delta", body));
        } else if (event instanceof StreamEvent.ReasoningSummaryPartAdded e) {
            ObjectNode part = Json.object().put("type", "summary_text").put("text", "");
            frames.add(frame("response.reasoning_summary_part.added",
                    itemEvent("response.reasoning_summary_part.added", e.itemId(), e.outputIndex())
                            .put("summary_index", e.summaryIndex()).set("part", part)));
        } else if (event instanceof StreamEvent.ReasoningSummaryDelta e) {
            frames.add(frame("response.reasoning_summary_text.delta",
                    itemEvent("response.reasoning_summary_text.delta", e.itemId(), e.outputIndex())
                            .put("summary_index", e.summaryIndex()).put("delta", e.delta())));
        } else if (event instanceof StreamEvent.ReasoningSummaryPartDone e) {
            frames.add(frame("response.reasoning_summary_text.done",
                    itemEvent("response.reasoning_summary_text.done", e.itemId(), e.outputIndex())
                            .put("summary_index", e.summaryIndex()).put("text", e.text())));
            ObjectNode part = Json.object().put("type", "summary_text").put("text", e.text());
            frames.add(frame("response.reasoning_summary_part.done",
                    itemEvent("response.reasoning_summary_part.done", e.itemId(), e.outputIndex())
                            .put("summary_index", e.summaryIndex()).set("part", part)));
        } else if (event instanceof StreamEvent.FunctionArgumentsDelta e) {
            frames.add(frame("response.function_call_arguments.delta",
                    itemEvent("response.function_call_arguments.delta", e.itemId(), e.outputIndex())
                            .put("delta", e.delta())));
        } else if (event instanceof StreamEvent.CustomInputDelta e) {
            frames.add(frame("response.custom_tool_call_input.delta",
                    itemEvent("response.custom_tool_call_input.delta", e.itemId(), e.outputIndex())
                            .put("call_id", e.callId()).put("delta", e.delta())));
        } else if (event instanceof StreamEvent.ItemDone e) {
            itemDone(e.outputIndex(), e.item(), frames);
        } else if (event instanceof StreamEvent.KeepAlive e) {
            frames.add(frame("response.in_progress", body("response.in_progress")
                    .set("response", ResponsesResponseEncoder.encode(e.response(), "in_progress"))));
        } else if (event instanceof StreamEvent.Finished e) {
            String status = e.response().status();
            String type = "completed".equals(status) ? "response.completed" : "response.incomplete";
            frames.add(frame(type, body(type).set("response", ResponsesResponseEncoder.encode(e.response()))));
        } else if (event instanceof StreamEvent.Failed e) {
            frames.add(frame("response.failed", body("response.failed")
                    .set("response", ResponsesResponseEncoder.encode(e.response(), "failed"))));
        }
        return frames;
    }

    private void itemDone(int index, Item item, List<byte[]> frames) {
        if (item instanceof Message m) {
            String text = m.joinedText();
            frames.add(frame("response.output_text.done", itemEvent("response.output_text.done", m.id(), index)
                    .put("content_index", 0).put("text", text)));
            ObjectNode part = emptyTextPart().put("text", text);
            frames.add(frame("response.content_part.done", itemEvent("response.content_part.done", m.id(), index)
                    .put("content_index", 0).set("part", part)));
        } else if (item instanceof FunctionCall f) {
            frames.add(frame("response.function_call_arguments.done",
                    itemEvent("response.function_call_arguments.done", f.id(), index).put("arguments", f.arguments())));
        } else if (item instanceof CustomToolCall c) {
            frames.add(frame("response.custom_tool_call_input.done",
                    itemEvent("response.custom_tool_call_input.done", c.id(), index)
                            .put("call_id", c.callId()).put("input", c.input())));
        }
        frames.add(frame("response.output_item.done", body("response.output_item.done").put("output_index", index)
                .set("item", ResponsesItemEncoder.encode(item, "completed"))));
    }

    private static ObjectNode emptyTextPart() {
        ObjectNode part = Json.object().put("type", "output_text").put("text", "");
        part.putArray("annotations");
        return part;
    }

    private ObjectNode body(String type) {
        return Json.object().put("type", type).put("sequence_number", sequence++);
    }

    private ObjectNode itemEvent(String type, String itemId, int outputIndex) {
        return body(type).put("item_id", itemId).put("output_index", outputIndex);
    }

    private static byte[] frame(String type, ObjectNode body) {
        return ("event: " + type + "\ndata: " + Json.text(body) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
