package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.RelayedCall;
import io.camelgateway.provider.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of a client that already speaks an OpenAI API (Responses or Chat Completions) to an OpenAI-compatible
 * upstream: the body goes up with only the model rewritten (and, for Responses, reasoning items another provider
 * made dropped, which OpenAI would reject), the answer comes back byte for byte.
 */
public final class OpenAiRelay {

    public static final String RESPONSES_WIRE = "openai-responses";
    public static final String CHAT_WIRE = "openai-chat";
    /** Codex's remote compaction ({@code /v1/responses/compact}), relayed to OpenAI's endpoint of that name. */
    public static final String COMPACT_WIRE = "openai-responses-compact";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiRelay.class);

    private OpenAiRelay() {
    }

    /** The relayed call for a client speaking Responses or Chat Completions; null for any other client. */
    public static RelayedCall forClient(ClientTurn turn, ProviderTarget target) {
        String path;
        if (turn.speaks(RESPONSES_WIRE)) {
            path = "/responses";
            dropForeignReasoning(turn.body());
        } else if (turn.speaks(CHAT_WIRE)) {
            path = "/chat/completions";
        } else if (turn.speaks(COMPACT_WIRE)) {
            path = "/responses/compact";
            dropForeignReasoning(turn.body());
        } else {
            return null;
        }
        ObjectNode upstreamBody = turn.body();
        boolean holdBackUsageChunk = turn.speaks(CHAT_WIRE) && !clientAskedForStreamUsage(upstreamBody);
        if (holdBackUsageChunk) {
            // a copy: the client's own body stays as it asked, for every fallback that rereads it
            upstreamBody = upstreamBody.deepCopy();
            JsonNode options = upstreamBody.get("stream_options");
            (options instanceof ObjectNode object ? object : upstreamBody.putObject("stream_options")).put("include_usage", true);
        }
        return new RelayedCall(request(path, upstreamBody, target), target,
                (status, headers, body) -> OpenAiErrorBodies.map(target.provider(), status, headers, body),
                turn.speaks(CHAT_WIRE) ? CHAT_WIRE : RESPONSES_WIRE, holdBackUsageChunk);
    }

    /** Rewrites the model in place: the parsed body is this turn's own, and a fallback rewrites it again. */
    private static UpstreamRequest request(String path, ObjectNode body, ProviderTarget target) {
        body.put("model", target.upstreamModel());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("accept", body.path("stream").asBoolean(false) ? "text/event-stream" : "application/json");
        if (target.apiKey() != null) {
            headers.put("authorization", "Bearer " + target.apiKey());
        }
        String organization = target.options().organization();
        if (organization != null) {
            headers.put("openai-organization", organization);
        }
        return new UpstreamRequest(path, headers, Json.bytes(body));
    }

    /**
     * A streamed chat answer reports usage only in a closing chunk the request must ask for; when the client did
     * not ask, the gateway does and keeps that chunk from the client. False for a request that does not stream.
     */
    private static boolean clientAskedForStreamUsage(ObjectNode body) {
        return !body.path("stream").asBoolean(false) || body.path("stream_options").path("include_usage").asBoolean(false);
    }

    private static void dropForeignReasoning(ObjectNode body) {
        JsonNode input = body.get("input");
        if (!(input instanceof ArrayNode items)) {
            return;
        }
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            if ("reasoning".equals(Json.str(item, "type"))
                    && ReasoningEnvelope.isGatewayEnvelope(Json.str(item, "encrypted_content"))) {
                items.remove(i);
                LOG.debug("dropped a reasoning item another provider made before forwarding to OpenAI");
            }
        }
    }
}
