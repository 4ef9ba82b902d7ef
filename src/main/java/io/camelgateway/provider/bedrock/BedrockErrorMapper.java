package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.secrets.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/**
 * Bedrock's errors → the gateway's error policy. An HTTP error names its kind in {@code x-amzn-ErrorType}
 * ({@code ThrottlingException:http://internal.amazon.com/...}) with {@code {"message": ...}} as body; a stream
 * reports one as an exception frame named by its kind. The kind decides, not the status (Bedrock answers
 * {@code ModelNotReadyException} with 429, yet it means the model is loading).
 */
final class BedrockErrorMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW_MESSAGE = 300;
    /** The wait asked of the client for a throttle that states none; Bedrock's quotas are per minute. */
    static final long THROTTLE_RETRY_AFTER_SECONDS = 5;

    TurnError map(String provider, int status, Function<String, String> headers, byte[] body) {
        JsonNode parsed = parse(body);
        String kind = kind(headers == null ? null : headers.apply("x-amzn-errortype"));
        if (kind == null) {
            kind = kind(parsed.path("__type").asText(null));
        }
        String message = parsed.path("message").asText(parsed.path("Message").asText(null));
        if (message == null && body != null && body.length > 0 && !parsed.isObject()) {
            // not Bedrock's shape (a proxy's HTML page, plain text): keep a short, redacted excerpt for the operator
            String raw = SecretRedactor.redact(new String(body, StandardCharsets.UTF_8).strip());
            message = raw.length() > MAX_RAW_MESSAGE ? raw.substring(0, MAX_RAW_MESSAGE) + "…" : raw;
        }
        TurnError byKind = byKind(provider, kind, message, headers);
        return byKind != null ? byKind : UpstreamErrors.fromStatus(provider, status, null, message, headers);
    }

    /** An exception frame in a stream that had begun ({@code kind} as the frame names it, e.g. throttlingException). */
    TurnError streamError(String provider, String kind, String message) {
        TurnError byKind = byKind(provider, kind(kind), message, null);
        return byKind != null ? byKind : UpstreamErrors.streamError(provider, kind, message);
    }

    private static TurnError byKind(String provider, String kind, String message, Function<String, String> headers) {
        if (kind == null) {
            return null;
        }
        String detail = message == null || message.isBlank() ? kind : message;
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "throttlingexception":
                return withThrottleDelay(UpstreamErrors.fromStatus(provider, 429, null, detail, headers));
            case "servicequotaexceededexception":
                return UpstreamErrors.fromStatus(provider, 429, "insufficient_quota", detail, headers);
            case "validationexception":
                if (isInputTooLong(detail)) {
                    return new TurnError(400, "invalid_request_error", "context_length_exceeded",
                            provider + ": " + detail, null, null);
                }
                return new TurnError(400, "invalid_request_error", "invalid_request", provider + ": " + detail, null, null);
            case "accessdeniedexception":
            case "unrecognizedclientexception":
            case "expiredtokenexception":
            case "invalidsignatureexception":
            case "incompletesignatureexception":
            case "missingauthenticationtokenexception":
                return UpstreamErrors.fromStatus(provider, 403, null, detail, headers);
            case "resourcenotfoundexception":
                return UpstreamErrors.fromStatus(provider, 404, null, detail, headers);
            case "modelnotreadyexception":
            case "serviceunavailableexception":
                return UpstreamErrors.fromStatus(provider, 503, null, detail, headers);
            case "modeltimeoutexception":
                return UpstreamErrors.timeout(provider, detail);
            case "internalserverexception":
                return UpstreamErrors.fromStatus(provider, 500, null, detail, headers);
            case "modelstreamerrorexception":
            case "modelerrorexception":
                return new TurnError(502, "server_error", "server_error", provider + ": the model failed: " + detail,
                        null, null);
            default:
                return null;
        }
    }

    /**
     * Bedrock states no retry delay with a throttle (no Retry-After, nothing in the body), and Codex retries a 429
     * only when it carries one: without it a throttle would end the turn at once, where the AWS SDKs back off.
     */
    private static TurnError withThrottleDelay(TurnError error) {
        return error.retryAfterSeconds() != null ? error : error.withRetryAfter(THROTTLE_RETRY_AFTER_SECONDS);
    }

    /** Bedrock says "Input is too long for requested model." where others speak of the context window. */
    private static boolean isInputTooLong(String message) {
        return message != null && (message.toLowerCase(Locale.ROOT).contains("input is too long")
                || UpstreamErrors.isContextOverflow(null, message));
    }

    /** {@code ThrottlingException:http://internal.amazon.com/...} or {@code com.amazon.coral#ThrottlingException} → the name. */
    static String kind(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String kind = raw.strip();
        int colon = kind.indexOf(':');
        if (colon >= 0) {
            kind = kind.substring(0, colon);
        }
        int hash = kind.lastIndexOf('#');
        return hash >= 0 ? kind.substring(hash + 1) : kind;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (Exception e) {
            return JSON.missingNode();
        }
    }
}
