package io.camelgateway.api;

import io.camelgateway.canonical.TurnError;

/** A failure the gateway answers with a client-shaped error (never a stack trace). */
public class GatewayException extends RuntimeException {

    private final transient TurnError error;

    public GatewayException(TurnError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public TurnError error() {
        return error;
    }
}
