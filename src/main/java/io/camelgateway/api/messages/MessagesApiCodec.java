package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientStream;
import io.camelgateway.api.RoutingFacts;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.util.Set;
import java.util.function.Function;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}, also {@code ?beta=true}), the API Claude Code speaks.
 * An Anthropic upstream gets the client's own body (model rewritten) and headers {@code anthropic-version} and
 * {@code anthropic-beta}; every other provider gets the turn through the canonical model.
 */
public final class MessagesApiCodec implements ClientApiCodec {

    public static final String WIRE = "anthropic-messages";

    /** Claude Code names its session in this header. */
    static final String SESSION_HEADER = "x-claude-code-session-id";

    @Override
    public String name() {
        return "messages";
    }

    @Override
    public String path() {
        return "/v1/messages";
    }

    @Override
    public String wire() {
        return WIRE;
    }

    @Override
    public Set<String> forwardedHeaders() {
        return Set.of("anthropic-version", "anthropic-beta");
    }

    @Override
    public String validateAndGetModel(ObjectNode body) {
        return MessagesRequestRules.check(body);
    }

    /** {@code count_tokens} takes the same body without {@code max_tokens}. */
    @Override
    public String validateCountRequest(ObjectNode body) {
        return MessagesRequestRules.checkCount(body);
    }

    @Override
    public TurnRequest decode(ObjectNode body) {
        return MessagesRequestDecoder.decode(body);
    }

    @Override
    public RoutingFacts routingFacts(ObjectNode body, Function<String, String> headers, int recentTurns) {
        JsonNode system = body.get("system");
        String effort = MessagesThinking.effortName(body);
        return new RoutingFacts(system != null && (system.isTextual() || system.isArray()) ? system : null,
                body.get("messages"), body.get("tools"), MessagesRecentTools.of(body.get("messages"), recentTurns),
                "none".equals(effort) ? "" : effort, headers.apply(SESSION_HEADER));
    }

    @Override
    public byte[] encodeResponse(TurnResponse response, String model) {
        return Json.bytes(MessagesResponseEncoder.encode(response, model));
    }

    @Override
    public ClientStream openStream(String model, ObjectNode requestBody, long inputTokens) {
        return new MessagesClientStream(model, inputTokens);
    }

    @Override
    public byte[] errorBody(TurnError error) {
        return Json.bytes(MessagesJson.error(error));
    }
}
