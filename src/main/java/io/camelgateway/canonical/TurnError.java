package io.camelgateway.canonical;

import io.camelgateway.secrets.SecretRedactor;

/**
 * An error in the OpenAI shape ({@code {"error":{"message","type","code","param"}}}) plus the HTTP status and,
 * when known, how many seconds the client should wait before retrying. The message never holds a configured secret.
 */
public record TurnError(int status, String type, String code, String message, String param, Long retryAfterSeconds) {

    /** No error can carry a secret, whatever text (an upstream's, an exception's) it was built from. */
    public TurnError {
        message = SecretRedactor.redact(message);
    }

    public TurnError withRetryAfter(Long seconds) {
        return new TurnError(status, type, code, message, param, seconds);
    }

    public static TurnError invalidRequest(String message, String param) {
        return new TurnError(400, "invalid_request_error", "invalid_request", message, param, null);
    }

    public static TurnError notFound(String code, String message) {
        return new TurnError(404, "invalid_request_error", code, message, null, null);
    }

    public static TurnError upstream(int status, String code, String message, Long retryAfter) {
        return new TurnError(status, "upstream_error", code, message, null, retryAfter);
    }

    public boolean isRetryable() {
        return status == 429 || status >= 500;
    }
}
