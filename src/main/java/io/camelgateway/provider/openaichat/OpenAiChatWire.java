package io.camelgateway.provider.openaichat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.Usage;

/** Chat Completions vocabulary shared by the response mapper and the stream translator. */
final class OpenAiChatWire {

    private OpenAiChatWire() {
    }

    static StopReason stopReason(String finishReason) {
        if ("length".equals(finishReason)) {
            return StopReason.MAX_OUTPUT_TOKENS;
        }
        if ("content_filter".equals(finishReason)) {
            return StopReason.CONTENT_FILTER;
        }
        return StopReason.COMPLETED;
    }

    /** Null when the node is absent or null (chunks carry {@code "usage": null} until the last one). */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
        if (cached == 0) {
            cached = usage.path("prompt_cache_hit_tokens").asLong(0); // DeepSeek
        }
        return new Usage(usage.path("prompt_tokens").asLong(0), cached, 0,
                usage.path("completion_tokens").asLong(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
    }

    /** {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (Ollama, OpenRouter, newer vLLM). */
    static String reasoning(JsonNode messageOrDelta) {
        JsonNode value = messageOrDelta.get("reasoning_content");
        if (value == null || !value.isTextual()) {
            value = messageOrDelta.get("reasoning");
        }
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Arguments as text; some servers (Ollama) send them as a JSON object instead of a string. */
    static String arguments(JsonNode function) {
        JsonNode args = function.get("arguments");
        if (args == null || args.isNull()) {
            return null;
        }
        return args.isTextual() ? args.asText() : args.toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
