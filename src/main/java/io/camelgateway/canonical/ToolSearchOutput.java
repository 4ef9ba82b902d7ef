package io.camelgateway.canonical;

import java.util.List;

/** The tools a tool search found; they join the request's tool list for the rest of the conversation. */
public record ToolSearchOutput(String callId, String execution, List<ToolSpec> tools) implements Item {

    public ToolSearchOutput {
        tools = List.copyOf(tools);
    }

    @Override
    public String type() {
        return "tool_search_output";
    }
}
