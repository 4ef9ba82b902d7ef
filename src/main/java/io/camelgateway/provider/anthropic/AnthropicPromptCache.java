package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.provider.promptcache.BreakpointPlan;
import io.camelgateway.provider.promptcache.PrefixLength;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import java.util.List;

/**
 * Places {@code cache_control} breakpoints on a Messages body (direct and on Vertex AI). Anthropic caches the
 * prefix in the order tools → system → messages up to each breakpoint and, at each breakpoint, reads the longest
 * cached prefix ending within the 20 blocks before it. Breakpoints already in the body are kept and counted.
 */
final class AnthropicPromptCache {

    static final String FIELD = "cache_control";

    private AnthropicPromptCache() {
    }

    static void apply(ObjectNode body, PromptCachePolicy policy) {
        if (!policy.auto()) {
            return;
        }
        long chars = 0;
        int clientBreakpoints = 0;
        ObjectNode lastTool = null;
        long toolsChars = 0;
        for (JsonNode tool : body.path("tools")) {
            chars += PrefixLength.chars(tool);
            clientBreakpoints += tool.has(FIELD) ? 1 : 0;
            lastTool = tool.has(FIELD) ? null : (ObjectNode) tool;
            toolsChars = chars;
        }
        ArrayNode system = blocks(body, "system");
        ObjectNode lastSystem = null;
        long systemChars = 0;
        if (system != null) {
            for (JsonNode block : system) {
                chars += PrefixLength.chars(block);
                clientBreakpoints += block.has(FIELD) ? 1 : 0;
                lastSystem = block.has(FIELD) ? null : (ObjectNode) block;
                systemChars = chars;
            }
        }
        JsonNode messages = body.path("messages");
        int lastAssistant = -1;
        for (int i = 0; i < messages.size(); i++) {
            if ("assistant".equals(messages.get(i).path("role").asText())) {
                lastAssistant = i;
            }
        }
        int last = messages.size() - 1;
        int previousEnd = lastAssistant > 0 ? lastAssistant - 1 : -1;
        ObjectNode newest = null;
        ObjectNode previous = null;
        long newestChars = 0;
        long previousChars = 0;
        for (int i = 0; i <= last; i++) {
            ArrayNode content = blocks(messages.get(i), "content");
            if (content == null) {
                chars += PrefixLength.chars(messages.get(i).path("content"));
                continue;
            }
            ObjectNode markable = null;
            long markableChars = 0;
            for (JsonNode block : content) {
                chars += PrefixLength.chars(block);
                clientBreakpoints += countBreakpoints(block);
                if (canMark(block)) {
                    // a block the client marked already is a breakpoint: nothing to add there
                    markable = block.has(FIELD) ? null : (ObjectNode) block;
                    markableChars = chars;
                }
            }
            if (i == last) {
                newest = markable;
                newestChars = markableChars;
            } else if (i == previousEnd) {
                previous = markable;
                previousChars = markableChars;
            }
        }
        List<ObjectNode> chosen = new BreakpointPlan<ObjectNode>()
                .offer(newest, newestChars)
                .offer(previous, previousChars)
                .offer(lastSystem, systemChars)
                .offer(lastTool, toolsChars)
                .choose(policy, body.path("model").asText(null), clientBreakpoints);
        for (ObjectNode block : chosen) {
            ObjectNode marker = block.putObject(FIELD).put("type", "ephemeral");
            if (policy.longTtl()) {
                marker.put("ttl", "1h");
            }
        }
    }

    /** The field's blocks; null when it is absent, empty or a plain string (the mapper always writes blocks). */
    private static ArrayNode blocks(JsonNode owner, String field) {
        JsonNode value = owner.get(field);
        return value != null && value.isArray() && !value.isEmpty() ? (ArrayNode) value : null;
    }

    /** Thinking blocks cannot carry a breakpoint, nor can empty text. */
    private static boolean canMark(JsonNode block) {
        String type = block.path("type").asText();
        return block.isObject() && !type.equals("thinking") && !type.equals("redacted_thinking")
                && !(type.equals("text") && block.path("text").asText("").isBlank());
    }

    /** A block's own breakpoint and those inside a tool result's content. */
    private static int countBreakpoints(JsonNode block) {
        int count = block.has(FIELD) ? 1 : 0;
        JsonNode nested = block.path("content");
        if (nested.isArray()) {
            for (JsonNode inner : nested) {
                count += inner.has(FIELD) ? 1 : 0;
            }
        }
        return count;
    }
}
