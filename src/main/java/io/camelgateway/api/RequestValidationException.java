package io.camelgateway.api;

import io.camelgateway.canonical.TurnError;

/** A client request the gateway refuses as invalid (400 unless the error says otherwise). */
public class RequestValidationException extends GatewayException {

    public RequestValidationException(TurnError error) {
        super(error);
    }

    public RequestValidationException(String message, String param) {
        this(TurnError.invalidRequest(message, param));
    }
}
