package io.camelgateway.provider.openai;

import io.camelgateway.canonical.TurnStreamAssembler;
import java.util.ArrayList;
import java.util.List;

/**
 * The summary parts of one streamed reasoning item, kept in step with the assembler's: a part opens when OpenAI
 * announces it (or its first text arrives), and the finished item's parts complete what the deltas missed.
 */
final class ReasoningSummaryStream {

    private final TurnStreamAssembler assembler;
    private final int index;
    private final List<StringBuilder> parts = new ArrayList<>();

    ReasoningSummaryStream(TurnStreamAssembler assembler, int index) {
        this.assembler = assembler;
        this.index = index;
    }

    /** Part {@code summaryIndex} was announced; parts before it open too, so indices stay aligned. */
    void partAdded(int summaryIndex) {
        openUpTo(summaryIndex + 1);
    }

    /** Text for part {@code summaryIndex}; -1 continues the current part (reasoning text shown as summary). */
    void append(int summaryIndex, String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        openUpTo(Math.max(1, summaryIndex + 1));
        parts.get(parts.size() - 1).append(delta);
        assembler.appendReasoningSummary(index, delta);
    }

    /** The finished item's parts: what the deltas missed of the current and later parts is added. */
    void complete(List<String> finished) {
        for (int i = Math.max(0, parts.size() - 1); i < finished.size(); i++) {
            openUpTo(i + 1);
            String streamed = parts.get(i).toString();
            String complete = finished.get(i);
            if (complete.startsWith(streamed) && complete.length() > streamed.length()) {
                append(-1, complete.substring(streamed.length()));
            }
        }
    }

    private void openUpTo(int count) {
        while (parts.size() < count) {
            assembler.nextReasoningSummaryPart(index);
            parts.add(new StringBuilder());
        }
    }
}
