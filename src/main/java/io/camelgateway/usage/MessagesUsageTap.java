package io.camelgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Anthropic Messages streams: {@code message_start} carries the input (uncached, cache reads and cache writes
 * apart) and a first output count; each {@code message_delta} carries the cumulative output. Input is summed to
 * the canonical convention (every input token, cached ones included).
 */
final class MessagesUsageTap extends UsageTap {

    private long uncachedInput = -1;

    MessagesUsageTap(long inputEstimate) {
        super(inputEstimate);
    }

    @Override
    protected boolean read(String eventName, JsonNode data) {
        switch (data.path("type").asText("")) {
            case "message_start" -> readUsage(data.path("message").path("usage"), false);
            case "message_delta" -> readUsage(data.path("usage"), true);
            case "content_block_start" -> {
                JsonNode block = data.path("content_block");
                if ("tool_use".equals(block.path("type").asText())) {
                    toolCall(block.get("name"));
                }
            }
            case "message_stop" -> terminal("message_stop");
            case "error" -> terminal("error");
            case "content_block_delta" -> {
                JsonNode delta = data.path("delta");
                countOutput(delta.get("text"));
                countOutput(delta.get("thinking"));
                countOutput(delta.get("partial_json"));
            }
            default -> {
            }
        }
        return true;
    }

    @Override
    protected void readWhole(JsonNode body) {
        for (JsonNode block : body.path("content")) {
            if ("tool_use".equals(block.path("type").asText())) {
                toolCall(block.get("name"));
            }
        }
        readUsage(body.path("usage"), true);
    }

    private void readUsage(JsonNode usage, boolean isDelta) {
        if (!usage.isObject()) {
            return;
        }
        uncachedInput = usage.path("input_tokens").asLong(Math.max(uncachedInput, 0));
        cachedInputTokens = usage.path("cache_read_input_tokens").asLong(cachedInputTokens);
        cacheWriteTokens = usage.path("cache_creation_input_tokens").asLong(cacheWriteTokens);
        outputTokens = Math.max(outputTokens, usage.path("output_tokens").asLong(0));
        inputTokens = uncachedInput + cachedInputTokens + cacheWriteTokens;
        if (isDelta) {
            reportedInFull = true;
        }
    }
}
