package io.camelgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * OpenAI Chat Completions streams: with {@code stream_options.include_usage} the last chunk before {@code [DONE]}
 * carries {@code usage} and no choices. When the gateway asked for it on the client's behalf, that chunk is held back.
 */
final class ChatUsageTap extends UsageTap {

    private final boolean holdBackUsageChunk;

    ChatUsageTap(long inputEstimate, boolean holdBackUsageChunk) {
        super(inputEstimate);
        this.holdBackUsageChunk = holdBackUsageChunk;
    }

    @Override
    protected void readWhole(JsonNode body) {
        read(null, body);
    }

    @Override
    protected boolean read(String eventName, JsonNode data) {
        for (JsonNode choice : data.path("choices")) {
            JsonNode delta = choice.path("delta");
            countOutput(delta.get("content"));
            countOutput(delta.get("reasoning_content"));
            for (JsonNode call : delta.path("tool_calls")) {
                toolCall(call.path("function").get("name"));
                countOutput(call.path("function").get("arguments"));
            }
            for (JsonNode call : choice.path("message").path("tool_calls")) {
                toolCall(call.path("function").get("name"));
            }
        }
        JsonNode usage = data.get("usage");
        if (usage == null || !usage.isObject()) {
            return true;
        }
        inputTokens = usage.path("prompt_tokens").asLong(0);
        cachedInputTokens = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        outputTokens = usage.path("completion_tokens").asLong(0);
        reasoningTokens = usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
        reportedInFull = true;
        boolean usageOnly = !data.path("choices").isArray() || data.path("choices").isEmpty();
        return !(holdBackUsageChunk && usageOnly);
    }
}
