package io.camelgateway.canonical;

/** A call of a freeform tool such as {@code apply_patch}: {@code input} is the raw text, never JSON-wrapped. */
public record CustomToolCall(String id, String callId, String name, String input) implements Item {
    @Override
    public String type() {
        return "custom_tool_call";
    }
}
