package io.camelgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Amazon Bedrock Converse streams (eventstream frames, one event each, named by their event type): the
 * {@code metadata} event after {@code messageStop} carries the usage, input apart from cache reads and writes.
 * Input is summed to the canonical convention (every input token, cached ones included).
 */
final class ConverseUsageTap extends UsageTap {

    ConverseUsageTap(long inputEstimate) {
        super(inputEstimate);
    }

    @Override
    protected boolean read(String eventName, JsonNode data) {
        switch (eventName == null ? "" : eventName) {
            case "contentBlockStart" -> toolCall(data.path("start").path("toolUse").get("name"));
            case "contentBlockDelta" -> {
                JsonNode delta = data.path("delta");
                countOutput(delta.get("text"));
                countOutput(delta.path("toolUse").get("input"));
                countOutput(delta.path("reasoningContent").get("text"));
            }
            case "messageStop" -> terminal("messageStop");
            case "metadata" -> readUsage(data.path("usage"));
            default -> {
                if (eventName != null && eventName.toLowerCase(java.util.Locale.ROOT).endsWith("exception")) {
                    terminal(eventName);
                }
            }
        }
        return true;
    }

    @Override
    protected void readWhole(JsonNode body) {
        for (JsonNode block : body.path("output").path("message").path("content")) {
            toolCall(block.path("toolUse").get("name"));
        }
        readUsage(body.path("usage"));
    }

    private void readUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        cachedInputTokens = usage.path("cacheReadInputTokens").asLong(0);
        cacheWriteTokens = usage.path("cacheWriteInputTokens").asLong(0);
        inputTokens = usage.path("inputTokens").asLong(0) + cachedInputTokens + cacheWriteTokens;
        outputTokens = usage.path("outputTokens").asLong(0);
        reportedInFull = true;
    }
}
