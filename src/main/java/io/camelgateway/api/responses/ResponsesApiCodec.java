package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.canonical.Ids;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** The OpenAI Responses API ({@code POST /v1/responses}), the API Codex CLI speaks. */
public final class ResponsesApiCodec implements ClientApiCodec {

    @Override
    public String name() {
        return "responses";
    }

    @Override
    public String validateAndGetModel(ObjectNode body) {
        return ResponsesRequestDecoder.validateAndGetModel(body);
    }

    @Override
    public TurnRequest decode(ObjectNode body) {
        return ResponsesRequestDecoder.decode(body);
    }

    @Override
    public byte[] encodeResponse(TurnResponse response, String model) {
        return Json.bytes(ResponsesResponseEncoder.encode(response));
    }

    @Override
    public Function<StreamEvent, List<byte[]>> newStreamEncoder(String model, ObjectNode requestBody) {
        return new ResponsesStreamEncoder()::encode;
    }

    @Override
    public List<byte[]> passthroughStreamFailure(TurnError error, String model) {
        TurnResponse failed = new TurnResponse(Ids.next("resp_"), model, System.currentTimeMillis() / 1000,
                List.of(), null, null, error);
        ObjectNode body = Json.object().put("type", "response.failed");
        body.set("response", ResponsesResponseEncoder.encode(failed, "failed"));
        return List.of(("event: response.failed\ndata: " + Json.text(body) + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isTerminalEvent(String data) {
        return data.contains("\"response.completed\"") || data.contains("\"response.failed\"")
                || data.contains("\"response.incomplete\"");
    }
}
