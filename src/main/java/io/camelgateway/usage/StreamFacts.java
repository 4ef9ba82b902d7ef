package io.camelgateway.usage;

import java.util.List;

/** What an upstream stream did besides using tokens: the tool calls it emitted (names, in order) and its last event. */
public record StreamFacts(List<String> toolCalls, String terminalEvent) {

    public StreamFacts {
        toolCalls = List.copyOf(toolCalls);
    }
}
