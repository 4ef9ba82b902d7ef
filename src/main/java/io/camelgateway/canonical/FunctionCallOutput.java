package io.camelgateway.canonical;

public record FunctionCallOutput(String callId, ToolOutput output) implements Item {
    @Override
    public String type() {
        return "function_call_output";
    }
}
