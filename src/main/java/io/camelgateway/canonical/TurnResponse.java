package io.camelgateway.canonical;

import java.util.List;

/** A finished (or cut) model turn: the output items in order, usage and how it ended. */
public record TurnResponse(String id, String model, long createdAt, List<Item> output, Usage usage,
                           StopReason stopReason, TurnError error) {

    public TurnResponse {
        output = List.copyOf(output);
    }

    public String status() {
        if (error != null) {
            return "failed";
        }
        return stopReason == StopReason.COMPLETED ? "completed" : "incomplete";
    }

    public boolean hasToolCalls() {
        for (Item item : output) {
            if (item instanceof FunctionCall || item instanceof CustomToolCall || item instanceof ToolSearchCall) {
                return true;
            }
        }
        return false;
    }
}
