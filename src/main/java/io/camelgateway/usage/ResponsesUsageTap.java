package io.camelgateway.usage;

import com.fasterxml.jackson.databind.JsonNode;

/** OpenAI Responses streams: the usage rides on the terminal {@code response.completed|incomplete|failed}. */
final class ResponsesUsageTap extends UsageTap {

    ResponsesUsageTap(long inputEstimate) {
        super(inputEstimate);
    }

    @Override
    protected boolean read(String eventName, JsonNode data) {
        String type = data.path("type").asText(eventName == null ? "" : eventName);
        switch (type) {
            case "response.completed", "response.incomplete", "response.failed" -> {
                terminal(type);
                readUsage(data.path("response").path("usage"));
            }
            case "response.output_item.done" -> {
                String item = data.path("item").path("type").asText("");
                if (item.endsWith("_call") && data.path("item").has("name")) {
                    toolCall(data.path("item").get("name"));
                }
            }
            default -> {
                if (type.endsWith(".delta")) {
                    countOutput(data.get("delta"));
                }
            }
        }
        return true;
    }

    @Override
    protected void readWhole(JsonNode body) {
        for (JsonNode item : body.path("output")) {
            if (item.path("type").asText("").endsWith("_call") && item.has("name")) {
                toolCall(item.get("name"));
            }
        }
        readUsage(body.path("usage"));
    }

    private void readUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        inputTokens = usage.path("input_tokens").asLong(0);
        cachedInputTokens = usage.path("input_tokens_details").path("cached_tokens").asLong(0);
        outputTokens = usage.path("output_tokens").asLong(0);
        reasoningTokens = usage.path("output_tokens_details").path("reasoning_tokens").asLong(0);
        reportedInFull = true;
    }
}
