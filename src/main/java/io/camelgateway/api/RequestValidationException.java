package io.camelgateway.api;

import io.camelgateway.canonical.TurnError;

/** A client request the gateway refuses before any provider is called; rendered as HTTP 400. */
public class RequestValidationException extends RuntimeException {

    private final TurnError error;

    public RequestValidationException(String message, String param) {
        super(message);
        this.error = TurnError.invalidRequest(message, param);
    }

    public TurnError error() {
        return error;
    }
}
