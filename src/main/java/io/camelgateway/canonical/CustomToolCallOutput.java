package io.camelgateway.canonical;

public record CustomToolCallOutput(String callId, ToolOutput output) implements Item {
    @Override
    public String type() {
        return "custom_tool_call_output";
    }
}
