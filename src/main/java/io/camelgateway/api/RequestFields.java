package io.camelgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Checks of the top-level fields every client API shares, with the same messages on every endpoint. */
public final class RequestFields {

    private RequestFields() {
    }

    /** The {@code model} the client asked for; refuses a missing, non-text or blank one. */
    public static String requireModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw new RequestValidationException("Missing required parameter: 'model'", "model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            throw new RequestValidationException("model must be a non-empty string", "model");
        }
        return model.asText();
    }

    /** Refuses {@code stream} when present with another type than boolean. */
    public static void requireOptionalStreamFlag(ObjectNode body) {
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new RequestValidationException("stream must be a boolean", "stream");
        }
    }
}
