package io.camelgateway.canonical;

/**
 * Canonical stream events, one to one with the Responses API's SSE events. Produced only by
 * {@link TurnStreamAssembler}, which guarantees their order; client codecs render them.
 */
public sealed interface StreamEvent {

    /** The turn started; {@code response} is the in-progress snapshot (no output yet). */
    record Created(TurnResponse response) implements StreamEvent {
    }

    /** A new output item; {@code item} is its empty skeleton. */
    record ItemAdded(int outputIndex, Item item) implements StreamEvent {
    }

    record TextDelta(int outputIndex, String itemId, int contentIndex, String delta) implements StreamEvent {
    }

    record ReasoningSummaryPartAdded(int outputIndex, String itemId, int summaryIndex) implements StreamEvent {
    }

    record ReasoningSummaryDelta(int outputIndex, String itemId, int summaryIndex, String delta) implements StreamEvent {
    }

    record ReasoningSummaryPartDone(int outputIndex, String itemId, int summaryIndex, String text) implements StreamEvent {
    }

    record FunctionArgumentsDelta(int outputIndex, String itemId, String callId, String delta) implements StreamEvent {
    }

    record CustomInputDelta(int outputIndex, String itemId, String callId, String delta) implements StreamEvent {
    }

    /** The item is final; {@code item} is authoritative (Codex runs a tool call as soon as it sees this). */
    record ItemDone(int outputIndex, Item item) implements StreamEvent {
    }

    /** Sent during long upstream silences so the client's idle timer does not fire. */
    record KeepAlive(TurnResponse response) implements StreamEvent {
    }

    /** Terminal: completed or incomplete, depending on {@link TurnResponse#stopReason()}. */
    record Finished(TurnResponse response) implements StreamEvent {
    }

    /** Terminal: the turn failed; {@link TurnResponse#error()} says why. */
    record Failed(TurnResponse response) implements StreamEvent {
    }

    default boolean isTerminal() {
        return this instanceof Finished || this instanceof Failed;
    }
}
