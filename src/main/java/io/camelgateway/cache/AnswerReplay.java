package io.camelgateway.cache;

import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.OpaqueItem;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolSearchCall;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A cached answer made new: every item gets a fresh id, and tool calls fresh call ids (consistent within the
 * answer; the client's next turn refers to the ids it was given). Streamed, it is the complete canonical event
 * sequence the assembler would have produced: created, each item added, its deltas and done, then completed.
 */
public final class AnswerReplay {

    private AnswerReplay() {
    }

    /** The stored answer with fresh ids, as the response {@code responseId} created at {@code createdAt}. */
    public static TurnResponse fresh(TurnResponse stored, String responseId, long createdAt) {
        List<Item> output = new ArrayList<>(stored.output().size());
        for (Item item : stored.output()) {
            output.add(renamed(item));
        }
        return new TurnResponse(responseId, stored.model(), createdAt, output, stored.usage(), StopReason.COMPLETED,
                null);
    }

    /** The complete stream of {@code answer} (already given fresh ids by {@link #fresh}). */
    public static List<StreamEvent> events(TurnResponse answer) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Created(new TurnResponse(answer.id(), answer.model(), answer.createdAt(), List.of(),
                null, null, null)));
        List<Item> output = answer.output();
        for (int i = 0; i < output.size(); i++) {
            Item item = output.get(i);
            events.add(new StreamEvent.ItemAdded(i, skeleton(item)));
            deltas(i, item, events);
            events.add(new StreamEvent.ItemDone(i, item));
        }
        events.add(new StreamEvent.Finished(answer));
        return events;
    }

    private static Item renamed(Item item) {
        if (item instanceof Message message) {
            StringBuilder text = new StringBuilder();
            for (ContentPart part : message.content()) {
                if (part instanceof ContentPart.Text t) {
                    text.append(t.text());
                }
            }
            return new Message(Ids.next("msg_"), Role.ASSISTANT, List.of(new ContentPart.Text(text.toString(), true)));
        }
        if (item instanceof FunctionCall call) {
            return new FunctionCall(Ids.next("fc_"), Ids.next("call_"), call.namespace(), call.name(), call.arguments());
        }
        if (item instanceof CustomToolCall call) {
            return new CustomToolCall(Ids.next("ctc_"), Ids.next("call_"), call.name(), call.input());
        }
        if (item instanceof Reasoning reasoning) {
            return new Reasoning(Ids.next("rs_"), reasoning.summary(), reasoning.content(), reasoning.encryptedContent());
        }
        if (item instanceof ToolSearchCall call) {
            return new ToolSearchCall(Ids.next("tsc_"), Ids.next("call_"), call.execution(), call.arguments());
        }
        return item;
    }

    private static Item skeleton(Item item) {
        if (item instanceof Message message) {
            return new Message(message.id(), Role.ASSISTANT, List.of());
        }
        if (item instanceof FunctionCall call) {
            return new FunctionCall(call.id(), call.callId(), call.namespace(), call.name(), "");
        }
        if (item instanceof CustomToolCall call) {
            return new CustomToolCall(call.id(), call.callId(), call.name(), "");
        }
        if (item instanceof Reasoning reasoning) {
            return new Reasoning(reasoning.id(), List.of(), List.of(), null);
        }
        if (item instanceof ToolSearchCall call) {
            return new ToolSearchCall(call.id(), call.callId(), call.execution(), Json.object());
        }
        return item;
    }

    private static void deltas(int index, Item item, List<StreamEvent> events) {
        if (item instanceof Message message) {
            String text = message.content().isEmpty() ? "" : ((ContentPart.Text) message.content().get(0)).text();
            if (!text.isEmpty()) {
                events.add(new StreamEvent.TextDelta(index, message.id(), 0, text));
            }
        } else if (item instanceof FunctionCall call) {
            if (call.arguments() != null && !call.arguments().isEmpty()) {
                events.add(new StreamEvent.FunctionArgumentsDelta(index, call.id(), call.callId(), call.arguments()));
            }
        } else if (item instanceof CustomToolCall call) {
            if (call.input() != null && !call.input().isEmpty()) {
                events.add(new StreamEvent.CustomInputDelta(index, call.id(), call.callId(), call.input()));
            }
        } else if (item instanceof Reasoning reasoning) {
            List<String> summary = reasoning.summary();
            for (int part = 0; part < summary.size(); part++) {
                events.add(new StreamEvent.ReasoningSummaryPartAdded(index, reasoning.id(), part));
                if (!summary.get(part).isEmpty()) {
                    events.add(new StreamEvent.ReasoningSummaryDelta(index, reasoning.id(), part, summary.get(part)));
                }
                events.add(new StreamEvent.ReasoningSummaryPartDone(index, reasoning.id(), part, summary.get(part)));
            }
        } else if (item instanceof OpaqueItem) {
            // added and done carry it whole
        }
    }
}
