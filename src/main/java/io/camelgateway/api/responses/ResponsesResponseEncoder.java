package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.json.Json;

/** Renders a canonical response as a Responses API {@code response} object. */
public final class ResponsesResponseEncoder {

    private ResponsesResponseEncoder() {
    }

    /** {@code status} overrides the response's own status (e.g. {@code in_progress} for snapshots). */
    public static ObjectNode encode(TurnResponse response, String status) {
        ObjectNode out = Json.object();
        out.put("id", response.id()).put("object", "response").put("created_at", response.createdAt())
                .put("status", status).put("model", response.model());
        if (response.error() != null) {
            out.set("error", error(response.error()));
        } else {
            out.putNull("error");
        }
        if ("incomplete".equals(status)) {
            out.putObject("incomplete_details").put("reason",
                    response.stopReason() == StopReason.CONTENT_FILTER ? "content_filter" : "max_output_tokens");
        } else {
            out.putNull("incomplete_details");
        }
        ArrayNode output = out.putArray("output");
        for (Item item : response.output()) {
            output.add(ResponsesItemEncoder.encode(item, "completed"));
        }
        if (!"in_progress".equals(status)) {
            out.set("usage", usage(response.usage()));
        } else {
            out.putNull("usage");
        }
        return out;
    }

    public static ObjectNode encode(TurnResponse response) {
        return encode(response, response.status());
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode out = Json.object();
        Usage u = usage == null ? Usage.ZERO : usage;
        out.put("input_tokens", u.inputTokens());
        out.putObject("input_tokens_details").put("cached_tokens", u.cachedInputTokens())
                .put("cache_write_tokens", u.cacheWriteTokens());
        out.put("output_tokens", u.outputTokens());
        out.putObject("output_tokens_details").put("reasoning_tokens", u.reasoningTokens());
        out.put("total_tokens", u.totalTokens());
        return out;
    }

    static ObjectNode error(TurnError error) {
        ObjectNode out = Json.object();
        out.put("code", error.code()).put("message", error.message());
        return out;
    }
}
