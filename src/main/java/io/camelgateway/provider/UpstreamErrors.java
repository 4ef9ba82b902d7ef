package io.camelgateway.provider;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.resilience.RetryAfter;
import java.util.Locale;
import java.util.function.Function;

/**
 * The gateway's single policy for turning a provider's failure into the client's error. Codex retries 5xx up to
 * 30 times and 429 only with {@code Retry-After}, so statuses are chosen for what the client should do, not copied.
 */
public final class UpstreamErrors {

    private UpstreamErrors() {
    }

    /**
     * Maps an upstream HTTP error. {@code message} and {@code upstreamCode} are what the provider's body said
     * (either may be null); a secret echoed in them is redacted when the {@link TurnError} is built.
     */
    public static TurnError fromStatus(String provider, int status, String upstreamCode, String message,
                                       Function<String, String> headers) {
        Long retryAfter = retryAfterSeconds(headers);
        String detail = message == null || message.isBlank() ? "HTTP " + status : message;
        if (status == 401 || status == 403) {
            // 400, not 403: Codex 0.169 retries 401/403 five times at the turn layer (6 requests per turn, measured
            // by CodexProviderKeyRejectedE2ETest) but never retries a plain 400. Retrying cannot fix the key.
            return new TurnError(400, "gateway_configuration_error", "provider_auth_failed",
                    "Provider '" + provider + "' rejected the gateway's credentials (HTTP " + status
                            + "). This is not your key: contact the gateway's operator.", null, null);
        }
        if (status == 429) {
            String code = upstreamCode != null && upstreamCode.contains("quota") ? "insufficient_quota" : "rate_limit_exceeded";
            return new TurnError(429, "rate_limit_error", code, provider + ": " + detail, null, retryAfter);
        }
        if (isContextOverflow(upstreamCode, message)) {
            return new TurnError(400, "invalid_request_error", "context_length_exceeded",
                    provider + ": " + detail, null, null);
        }
        if (status == 404) {
            return new TurnError(404, "invalid_request_error", "model_not_found", provider + ": " + detail, "model", null);
        }
        if (status == 413) {
            return new TurnError(413, "invalid_request_error", "request_too_large", provider + ": " + detail, null, null);
        }
        if (status >= 400 && status < 500) {
            return new TurnError(400, "invalid_request_error", upstreamCode == null ? "invalid_request" : upstreamCode,
                    provider + ": " + detail, null, null);
        }
        if (status == 503 || status == 529) {
            return new TurnError(503, "server_error", "provider_overloaded", provider + " is overloaded: " + detail,
                    null, retryAfter);
        }
        if (status == 504) {
            return timeout(provider, "the provider timed out");
        }
        return new TurnError(502, "server_error", "upstream_error", provider + " failed: " + detail, null, retryAfter);
    }

    /**
     * The provider could not be reached. {@code reason} is the gateway's own phrase (e.g. "connection refused"),
     * never the exception's text: that names the upstream host and port, which belong in the log only.
     */
    public static TurnError unreachable(String provider, String reason) {
        return new TurnError(502, "server_error", "upstream_unreachable",
                "Could not connect to provider '" + provider + "' (" + reason + "); retry later.", null, 1L);
    }

    /** The provider was reached and had begun to answer, then the answer broke off. Worth a retry. */
    public static TurnError streamInterrupted(String provider) {
        return new TurnError(502, "server_error", "stream_interrupted", "The provider '" + provider
                + "' stream was interrupted before the response was complete; retry.", null, 1L);
    }

    public static TurnError timeout(String provider, String what) {
        return new TurnError(504, "server_error", "upstream_timeout",
                "Provider '" + provider + "' did not answer in time: " + what, null, 1L);
    }

    /** An error reported inside a stream that had already started. */
    public static TurnError streamError(String provider, String type, String message) {
        String detail = provider + ": " + (message == null ? "stream error" : message);
        String lowered = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (lowered.contains("rate_limit")) {
            return new TurnError(429, "rate_limit_error", "rate_limit_exceeded", detail, null, null);
        }
        if (lowered.contains("quota")) {
            return new TurnError(429, "rate_limit_error", "insufficient_quota", detail, null, null);
        }
        if (isContextOverflow(type, message)) {
            return new TurnError(400, "invalid_request_error", "context_length_exceeded", detail, null, null);
        }
        if (lowered.contains("overloaded")) {
            return new TurnError(503, "server_error", "server_is_overloaded", detail, null, null);
        }
        return new TurnError(502, "server_error", "server_error", detail, null, null);
    }

    public static boolean isContextOverflow(String code, String message) {
        if (code != null && code.contains("context_length")) {
            return true;
        }
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("prompt is too long") || m.contains("context length") || m.contains("context_length")
                || m.contains("maximum context") || m.contains("context window") || m.contains("too many input tokens");
    }

    /**
     * Seconds from a milliseconds header ({@link RetryAfter#MILLISECOND_HEADERS}) or {@code Retry-After} (seconds; an
     * HTTP date is ignored); null when absent.
     */
    public static Long retryAfterSeconds(Function<String, String> headers) {
        if (headers == null) {
            return null;
        }
        for (String header : RetryAfter.MILLISECOND_HEADERS) {
            String ms = headers.apply(header);
            if (ms != null) {
                try {
                    return Math.max(1L, (long) Math.ceil(Double.parseDouble(ms.trim()) / 1000.0));
                } catch (NumberFormatException ignored) {
                    // the next header, then Retry-After
                }
            }
        }
        String seconds = headers.apply("retry-after");
        if (seconds != null) {
            try {
                return Math.max(0L, (long) Math.ceil(Double.parseDouble(seconds.trim())));
            } catch (NumberFormatException ignored) {
                return null;
            }
        }
        return null;
    }
}
