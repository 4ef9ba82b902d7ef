package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.RelayedCall;
import io.camelgateway.provider.UpstreamRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay of a client speaking the Messages API (Claude Code) to an Anthropic upstream: the body goes up with the
 * model rewritten and thinking blocks another provider signed removed (Anthropic would reject their signatures);
 * {@code anthropic-version} and {@code anthropic-beta} go as the client sent them. The answer comes back unchanged.
 */
public final class AnthropicRelay {

    public static final String WIRE = "anthropic-messages";

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicRelay.class);

    private AnthropicRelay() {
    }

    /** The relayed call for a Messages client; null for any other client. */
    static RelayedCall forClient(ClientTurn turn, ProviderTarget target, AnthropicErrorMapper errors) {
        if (!turn.speaks(WIRE)) {
            return null;
        }
        ObjectNode body = turn.body();
        body.put("model", target.upstreamModel());
        dropForeignThinking(body);
        return new RelayedCall(new UpstreamRequest(AnthropicRequestMapper.PATH, headers(turn, target), Json.bytes(body)),
                target, (status, headers, answer) -> errors.map(target.provider(), status, headers, answer), WIRE, false);
    }

    private static Map<String, String> headers(ClientTurn turn, ProviderTarget target) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (target.apiKey() != null) {
            headers.put("x-api-key", target.apiKey());
        }
        String version = turn.header("anthropic-version");
        headers.put("anthropic-version", version != null ? version : Objects.requireNonNullElse(
                target.options().anthropicVersion(), AnthropicRequestMapper.DEFAULT_VERSION));
        String beta = allowedBetas(turn.header("anthropic-beta"), target.options().anthropicBetaAllow());
        if (beta == null) {
            beta = target.options().anthropicBeta();
        }
        if (beta != null) {
            headers.put("anthropic-beta", beta);
        }
        headers.put("content-type", "application/json");
        headers.put("accept", turn.stream() ? "text/event-stream" : "application/json");
        return headers;
    }

    /** The client's beta flags this upstream accepts ({@code allowed} null: all), or null when none remain. */
    public static String allowedBetas(String requested, Set<String> allowed) {
        if (requested == null || allowed == null) {
            return requested;
        }
        List<String> kept = new ArrayList<>();
        for (String flag : requested.split(",")) {
            if (allowed.contains(flag.trim())) {
                kept.add(flag.trim());
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        return String.join(",", kept);
    }

    /**
     * Removes thinking blocks whose signature the gateway made for another provider's reasoning. Should the answered
     * tool turn then lack its leading thinking block, thinking is switched off for this request, as Anthropic
     * requires one there when thinking is on.
     */
    public static void dropForeignThinking(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (!(messages instanceof ArrayNode list)) {
            return;
        }
        boolean dropped = false;
        for (JsonNode message : list) {
            if (message.get("content") instanceof ArrayNode content) {
                for (int i = content.size() - 1; i >= 0; i--) {
                    JsonNode block = content.get(i);
                    if ("thinking".equals(Json.str(block, "type"))
                            && ReasoningEnvelope.isGatewayEnvelope(Json.str(block, "signature"))) {
                        content.remove(i);
                        dropped = true;
                    }
                }
            }
        }
        if (dropped) {
            LOG.debug("dropped thinking blocks another provider made before forwarding to Anthropic");
            if (body.has("thinking") && !AnthropicRequestMapper.lastToolTurnStartsWithThinking(list)) {
                body.remove("thinking");
            }
        }
    }
}
