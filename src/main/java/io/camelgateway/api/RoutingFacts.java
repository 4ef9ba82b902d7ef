package io.camelgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * What the cost router decides on, read from a client body by its API codec without decoding it.
 *
 * @param instructions    top-level instructions or system prompt to count as tokens, or null
 * @param items           the history to count (an array, one entry per message or item), or null
 * @param tools           the tool definitions to count (an array), or null
 * @param recentTools     the tool names the model called in its last few turns, most recent first
 * @param reasoningEffort the requested reasoning effort ({@code low}…{@code xhigh}), empty when none
 * @param sessionId       the client's session id (Codex's {@code session_id}, Claude Code's session header), or null
 */
public record RoutingFacts(JsonNode instructions, JsonNode items, JsonNode tools, Set<String> recentTools,
                           String reasoningEffort, String sessionId) {

    public RoutingFacts {
        recentTools = recentTools == null ? Set.of() : recentTools;
        reasoningEffort = reasoningEffort == null ? "" : reasoningEffort;
    }
}
