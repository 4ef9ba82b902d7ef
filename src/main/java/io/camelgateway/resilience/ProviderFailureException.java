package io.camelgateway.resilience;

/** Thrown inside a provider's circuit-breaker steps so the breaker counts the attempt as failed. No stack trace. */
public final class ProviderFailureException extends RuntimeException {

    public ProviderFailureException(String message) {
        super(message, null, false, false);
    }
}
