package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.Usage;
import io.camelgateway.json.Json;
import io.camelgateway.provider.UpstreamErrors;

/** Responses API vocabulary shared by the response mapper and the stream translator. */
final class OpenAiResponsesWire {

    private OpenAiResponsesWire() {
    }

    /** The {@code usage} object of a response; null when absent (in-progress snapshots carry {@code null}). */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        return new Usage(usage.path("input_tokens").asLong(0),
                usage.path("input_tokens_details").path("cached_tokens").asLong(0), 0,
                usage.path("output_tokens").asLong(0),
                usage.path("output_tokens_details").path("reasoning_tokens").asLong(0));
    }

    /** How a finished (completed or incomplete) response ended. */
    static StopReason stopReason(JsonNode response) {
        if (!"incomplete".equals(Json.str(response, "status"))) {
            return StopReason.COMPLETED;
        }
        String reason = Json.str(response.path("incomplete_details"), "reason");
        return "content_filter".equals(reason) ? StopReason.CONTENT_FILTER : StopReason.MAX_OUTPUT_TOKENS;
    }

    /**
     * An error reported in a {@code failed} response or an {@code error} event: {@code {"code","message"}}, either
     * as the node itself or under its {@code error} field.
     */
    static TurnError failure(String provider, JsonNode node) {
        JsonNode error = node != null && node.path("error").isObject() ? node.get("error") : node;
        String code = Json.str(error, "code");
        if (code == null && !"error".equals(Json.str(error, "type"))) {
            code = Json.str(error, "type");
        }
        return UpstreamErrors.streamError(provider, code, Json.str(error, "message"));
    }
}
