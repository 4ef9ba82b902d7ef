package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientStream;
import io.camelgateway.api.ErrorBodies;
import io.camelgateway.api.RoutingFacts;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.util.function.Function;

/** The OpenAI Responses API ({@code POST /v1/responses}), the API Codex CLI speaks. */
public final class ResponsesApiCodec implements ClientApiCodec {

    public static final String WIRE = "openai-responses";

    @Override
    public String name() {
        return "responses";
    }

    @Override
    public String path() {
        return "/v1/responses";
    }

    @Override
    public String wire() {
        return WIRE;
    }

    @Override
    public String validateAndGetModel(ObjectNode body) {
        return ResponsesRequestDecoder.validateAndGetModel(body);
    }

    @Override
    public TurnRequest decode(ObjectNode body) {
        return ResponsesRequestDecoder.decode(body);
    }

    /** Codex 0.169 names its session in the {@code session-id} header (older releases: {@code session_id}). */
    @Override
    public RoutingFacts routingFacts(ObjectNode body, Function<String, String> headers, int recentTurns) {
        JsonNode instructions = body.get("instructions");
        return new RoutingFacts(instructions != null && instructions.isTextual() ? instructions : null,
                body.get("input"), body.get("tools"), ResponsesRecentTools.of(body, recentTurns),
                body.path("reasoning").path("effort").asText(""), sessionId(headers));
    }

    private static String sessionId(Function<String, String> headers) {
        String id = headers.apply("session-id");
        return id != null ? id : headers.apply("session_id");
    }

    @Override
    public byte[] encodeResponse(TurnResponse response, String model) {
        return Json.bytes(ResponsesResponseEncoder.encode(response));
    }

    @Override
    public ClientStream openStream(String model, ObjectNode requestBody, long inputTokens) {
        return new ResponsesClientStream(model);
    }

    @Override
    public byte[] errorBody(TurnError error) {
        return ErrorBodies.bytes(error);
    }
}
