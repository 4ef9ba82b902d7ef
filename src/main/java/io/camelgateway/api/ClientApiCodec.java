package io.camelgateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import java.util.List;
import java.util.function.Function;

/** One client-facing API (Responses, Chat Completions): decodes its requests, encodes canonical output in its shape. */
public interface ClientApiCodec {

    /** {@code responses} or {@code chat}. */
    String name();

    /** Checks the fields every route needs and returns the requested model; throws {@link RequestValidationException}. */
    String validateAndGetModel(ObjectNode body);

    TurnRequest decode(ObjectNode body);

    byte[] encodeResponse(TurnResponse response, String model);

    /** A fresh per-stream encoder from canonical events to SSE frames. */
    Function<StreamEvent, List<byte[]>> newStreamEncoder(String model, ObjectNode requestBody);

    /** The frames that end a passed-through stream the upstream cut before its terminal event. */
    List<byte[]> passthroughStreamFailure(TurnError error, String model);

    /** True when a passed-through SSE event's data is this API's terminal event. */
    boolean isTerminalEvent(String data);
}
