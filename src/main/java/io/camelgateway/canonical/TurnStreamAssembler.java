package io.camelgateway.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place that turns a provider's stream into canonical {@link StreamEvent}s. Provider stream translators
 * call it ("a text block started", "here are argument bytes for call 2", "the model stopped"); it assigns output
 * indices and ids, and guarantees the event grammar Codex relies on: {@code Created} first, every item added
 * before its deltas and done exactly once, deltas only for open items, and exactly one terminal event, last.
 * Not thread-safe: one instance per stream, driven from one thread at a time.
 */
public final class TurnStreamAssembler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<StreamEvent> sink;
    private final ToolNameMap tools;
    private final String responseId;
    private final String model;
    private final long createdAt;
    private final List<Slot> slots = new ArrayList<>();
    private final List<Item> finished = new ArrayList<>();
    private boolean started;
    private boolean terminated;
    private Usage usage = Usage.ZERO;

    public TurnStreamAssembler(Consumer<StreamEvent> sink, ToolNameMap tools, String model) {
        this(sink, tools, Ids.next("resp_"), model, System.currentTimeMillis() / 1000);
    }

    public TurnStreamAssembler(Consumer<StreamEvent> sink, ToolNameMap tools, String responseId, String model,
                               long createdAt) {
        this.sink = sink;
        this.tools = tools;
        this.responseId = responseId;
        this.model = model;
        this.createdAt = createdAt;
    }

    /** Emits {@code Created}; called implicitly by every other method, so translators may skip it. */
    public void start() {
        if (!started) {
            started = true;
            sink.accept(new StreamEvent.Created(snapshot(null, null)));
        }
    }

    /** The client already got {@code Created} for this response id (a stream committed before the answer began). */
    public void continueAfterCreated() {
        started = true;
    }

    public boolean isTerminated() {
        return terminated;
    }

    public void setUsage(Usage total) {
        usage = total;
    }

    public Usage usage() {
        return usage;
    }

    public int openMessage() {
        MessageSlot slot = new MessageSlot(Ids.next("msg_"));
        return open(slot, new Message(slot.id, Role.ASSISTANT, List.of()));
    }

    public void appendText(int index, String delta) {
        MessageSlot slot = slot(index, MessageSlot.class);
        if (slot == null || delta == null || delta.isEmpty()) {
            return;
        }
        slot.text.append(delta);
        sink.accept(new StreamEvent.TextDelta(index, slot.id, 0, delta));
    }

    public int openReasoning() {
        ReasoningSlot slot = new ReasoningSlot(Ids.next("rs_"));
        return open(slot, new Reasoning(slot.id, List.of(), List.of(), null));
    }

    /** Appends to the current summary part, opening the first one when needed. */
    public void appendReasoningSummary(int index, String delta) {
        ReasoningSlot slot = slot(index, ReasoningSlot.class);
        if (slot == null || delta == null || delta.isEmpty()) {
            return;
        }
        if (slot.summaries.isEmpty()) {
            newSummaryPart(index, slot);
        }
        slot.summaries.get(slot.summaries.size() - 1).append(delta);
        sink.accept(new StreamEvent.ReasoningSummaryDelta(index, slot.id, slot.summaries.size() - 1, delta));
    }

    /** Starts a new summary part (providers that stream several summary paragraphs). */
    public void nextReasoningSummaryPart(int index) {
        ReasoningSlot slot = slot(index, ReasoningSlot.class);
        if (slot != null) {
            closeSummaryPart(index, slot);
            newSummaryPart(index, slot);
        }
    }

    public void setReasoningEncrypted(int index, String encryptedContent) {
        ReasoningSlot slot = slot(index, ReasoningSlot.class);
        if (slot != null) {
            slot.encrypted = encryptedContent;
        }
    }

    /**
     * Opens a tool call the model started. {@code wireName} is the provider-side name; the request's
     * {@link ToolNameMap} decides whether it returns as a function, custom or tool-search call.
     * A missing call id is generated.
     */
    public int openToolCall(String callId, String wireName) {
        ToolRef ref = tools.resolve(wireName);
        String id = callId == null || callId.isEmpty() ? Ids.next("call_") : callId;
        ToolSlot slot = new ToolSlot(ref, id);
        return open(slot, slot.toItem(""));
    }

    public void appendToolArguments(int index, String delta) {
        ToolSlot slot = slot(index, ToolSlot.class);
        if (slot == null || delta == null || delta.isEmpty()) {
            return;
        }
        slot.arguments.append(delta);
        if (slot.ref.kind() == ToolKind.FUNCTION) {
            sink.accept(new StreamEvent.FunctionArgumentsDelta(index, slot.id, slot.callId, delta));
        } else if (slot.ref.kind() == ToolKind.CUSTOM) {
            String decoded = slot.customInput.feed(delta);
            if (!decoded.isEmpty()) {
                sink.accept(new StreamEvent.CustomInputDelta(index, slot.id, slot.callId, decoded));
            }
        }
    }

    /** Finishes one item: emits its authoritative {@code ItemDone}. Closing a closed item does nothing. */
    public void closeItem(int index) {
        if (index < 0 || index >= slots.size()) {
            return;
        }
        Slot slot = slots.get(index);
        if (slot.closed) {
            return;
        }
        slot.closed = true;
        if (slot instanceof ReasoningSlot r) {
            closeSummaryPart(index, r);
        }
        Item item = slot.finish(this, index);
        finished.add(item);
        sink.accept(new StreamEvent.ItemDone(index, item));
    }

    /** Ends the turn: closes open items in order, then emits the one terminal event. */
    public TurnResponse finish(StopReason reason) {
        if (terminated) {
            return null;
        }
        start();
        for (int i = 0; i < slots.size(); i++) {
            closeItem(i);
        }
        terminated = true;
        TurnResponse response = snapshot(reason, null);
        sink.accept(new StreamEvent.Finished(response));
        return response;
    }

    /**
     * Ends the turn as failed. Items still open are not completed: a half-streamed tool call must never reach
     * the client as final (Codex would run it).
     */
    public TurnResponse fail(TurnError error) {
        if (terminated) {
            return null;
        }
        start();
        terminated = true;
        TurnResponse response = snapshot(null, error);
        sink.accept(new StreamEvent.Failed(response));
        return response;
    }

    public void keepAlive() {
        if (started && !terminated) {
            sink.accept(new StreamEvent.KeepAlive(snapshot(null, null)));
        }
    }

    public String responseId() {
        return responseId;
    }

    private int open(Slot slot, Item skeleton) {
        start();
        if (terminated) {
            return -1;
        }
        slots.add(slot);
        int index = slots.size() - 1;
        sink.accept(new StreamEvent.ItemAdded(index, skeleton));
        return index;
    }

    private <T extends Slot> T slot(int index, Class<T> type) {
        if (terminated || index < 0 || index >= slots.size()) {
            return null;
        }
        Slot slot = slots.get(index);
        return type.isInstance(slot) && !slot.closed ? type.cast(slot) : null;
    }

    private void newSummaryPart(int index, ReasoningSlot slot) {
        slot.summaries.add(new StringBuilder());
        slot.summaryOpen = true;
        sink.accept(new StreamEvent.ReasoningSummaryPartAdded(index, slot.id, slot.summaries.size() - 1));
    }

    private void closeSummaryPart(int index, ReasoningSlot slot) {
        if (slot.summaryOpen) {
            slot.summaryOpen = false;
            int last = slot.summaries.size() - 1;
            sink.accept(new StreamEvent.ReasoningSummaryPartDone(index, slot.id, last, slot.summaries.get(last).toString()));
        }
    }

    private TurnResponse snapshot(StopReason reason, TurnError error) {
        return new TurnResponse(responseId, model, createdAt, finished, usage, reason, error);
    }

    private abstract static class Slot {
        final String id;
        boolean closed;

        Slot(String id) {
            this.id = id;
        }

        abstract Item finish(TurnStreamAssembler owner, int index);
    }

    private static final class MessageSlot extends Slot {
        final StringBuilder text = new StringBuilder();

        MessageSlot(String id) {
            super(id);
        }

        @Override
        Item finish(TurnStreamAssembler owner, int index) {
            return new Message(id, Role.ASSISTANT, List.of(new ContentPart.Text(text.toString(), true)));
        }
    }

    private static final class ReasoningSlot extends Slot {
        final List<StringBuilder> summaries = new ArrayList<>();
        String encrypted;
        boolean summaryOpen;

        ReasoningSlot(String id) {
            super(id);
        }

        @Override
        Item finish(TurnStreamAssembler owner, int index) {
            List<String> summary = new ArrayList<>();
            for (StringBuilder part : summaries) {
                summary.add(part.toString());
            }
            return new Reasoning(id, summary, List.of(), encrypted);
        }
    }

    private static final class ToolSlot extends Slot {
        final ToolRef ref;
        final String callId;
        final StringBuilder arguments = new StringBuilder();
        final CustomInputStreamer customInput = new CustomInputStreamer();

        ToolSlot(ToolRef ref, String callId) {
            super(Ids.next(ref.kind() == ToolKind.CUSTOM ? "ctc_" : ref.kind() == ToolKind.TOOL_SEARCH ? "tsc_" : "fc_"));
            this.ref = ref;
            this.callId = callId;
        }

        Item toItem(String args) {
            switch (ref.kind()) {
                case CUSTOM:
                    return new CustomToolCall(id, callId, ref.name(), args);
                case TOOL_SEARCH:
                    return new ToolSearchCall(id, callId, "client", parseObject(args));
                case FUNCTION:
                default:
                    return new FunctionCall(id, callId, ref.namespace(), ref.name(), args);
            }
        }

        @Override
        Item finish(TurnStreamAssembler owner, int index) {
            String args = arguments.length() == 0 ? "{}" : arguments.toString();
            if (ref.kind() != ToolKind.CUSTOM) {
                return toItem(args);
            }
            String input = customInputOf(args);
            String streamed = customInput.emitted();
            if (input.startsWith(streamed) && input.length() > streamed.length()) {
                owner.sink.accept(new StreamEvent.CustomInputDelta(index, id, callId, input.substring(streamed.length())));
            }
            return toItem(input);
        }

        /** The raw freeform input: the {@code input} string of the one-argument function, or the text as is. */
        private static String customInputOf(String args) {
            JsonNode node = parseObject(args);
            JsonNode input = node.get("input");
            if (input != null && input.isTextual()) {
                return input.asText();
            }
            return args;
        }

        private static JsonNode parseObject(String args) {
            try {
                JsonNode node = JSON.readTree(args);
                return node != null && node.isObject() ? node : JsonNodeFactory.instance.objectNode();
            } catch (Exception e) {
                return JsonNodeFactory.instance.objectNode();
            }
        }
    }
}
