package io.camelgateway.canonical;

import com.fasterxml.jackson.databind.JsonNode;

/** Codex's client-executed tool search: the model asks, Codex answers with a {@link ToolSearchOutput}. */
public record ToolSearchCall(String id, String callId, String execution, JsonNode arguments) implements Item {
    @Override
    public String type() {
        return "tool_search_call";
    }
}
