package io.camelgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Gemini {@code generateContent} streams (Google AI Studio and Vertex AI): every chunk may carry
 * {@code usageMetadata} with the totals so far, and the last chunk holding a {@code finishReason} (or one after it)
 * the final ones. Prompt tokens include the cached ones; thoughts are output tokens, counted as reasoning.
 */
final class GeminiUsageTap extends UsageTap {

    private boolean finished;

    GeminiUsageTap(long inputEstimate) {
        super(inputEstimate);
    }

    @Override
    protected boolean read(String eventName, JsonNode data) {
        JsonNode candidate = data.path("candidates").path(0);
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("functionCall")) {
                toolCall(part.path("functionCall").get("name"));
            } else {
                countOutput(part.get("text"));
            }
        }
        String reason = candidate.path("finishReason").asText("");
        if (!reason.isEmpty()) {
            finished = true;
            terminal(reason);
        } else if (data.has("error")) {
            terminal("error");
        } else if (data.path("promptFeedback").has("blockReason")) {
            finished = true;
            terminal("blocked");
        }
        readUsage(data.path("usageMetadata"));
        return true;
    }

    @Override
    protected void readWhole(JsonNode body) {
        read(null, body);
    }

    private void readUsage(JsonNode usage) {
        if (!usage.isObject() || !usage.has("promptTokenCount")) {
            return;
        }
        long thoughts = usage.path("thoughtsTokenCount").asLong(0);
        inputTokens = usage.path("promptTokenCount").asLong(0) + usage.path("toolUsePromptTokenCount").asLong(0);
        cachedInputTokens = usage.path("cachedContentTokenCount").asLong(0);
        outputTokens = usage.path("candidatesTokenCount").asLong(0) + thoughts;
        reasoningTokens = thoughts;
        reportedInFull |= finished;
    }
}
