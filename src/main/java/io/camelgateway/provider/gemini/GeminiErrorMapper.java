package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.secrets.SecretRedactor;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's {@code {"error":{"code","message","status","details"}}} → the gateway's error policy. The
 * {@code status} decides, not the HTTP code alone: an invalid API key is a 400 {@code INVALID_ARGUMENT} with
 * reason {@code API_KEY_INVALID} (an auth failure), and a {@code RESOURCE_EXHAUSTED} answer states its retry delay
 * in a {@code google.rpc.RetryInfo} detail rather than a Retry-After header.
 */
public final class GeminiErrorMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RAW_MESSAGE = 300;
    private static final Pattern DURATION = Pattern.compile("^(\\d+(?:\\.\\d+)?)s$");
    private static final Pattern TOKEN_LIMIT = Pattern.compile(
            "(?i)input token count.*exceeds the maximum|exceeds the maximum number of tokens");

    public TurnError map(String provider, int status, Function<String, String> headers, byte[] body) {
        JsonNode error = parse(body);
        if (error == null) {
            return UpstreamErrors.fromStatus(provider, status, null, rawExcerpt(body), headers);
        }
        return fromError(provider, status, error, headers);
    }

    /** An {@code error} object inside a stream that had begun. */
    static TurnError streamError(String provider, JsonNode error) {
        return fromError(provider, error.path("code").asInt(500), error, name -> null);
    }

    private static TurnError fromError(String provider, int httpStatus, JsonNode error,
                                       Function<String, String> headers) {
        String status = error.path("status").asText("");
        String message = error.path("message").asText(null);
        String shown = status.isEmpty() ? message : status + ": " + (message == null ? "" : message);
        Long retryDelay = retryDelaySeconds(error);
        Function<String, String> withDelay = name -> {
            String value = headers.apply(name);
            return value == null && retryDelay != null && name.equals("retry-after") ? retryDelay.toString() : value;
        };
        if (message != null && TOKEN_LIMIT.matcher(message).find()) {
            return new TurnError(400, "invalid_request_error", "context_length_exceeded", provider + ": " + shown,
                    null, null);
        }
        return UpstreamErrors.fromStatus(provider, statusFor(status, reason(error), httpStatus), code(status), shown,
                withDelay);
    }

    /** The HTTP status the gateway's policy reads, from Google's canonical status where it says more. */
    static int statusFor(String status, String reason, int httpStatus) {
        if ("API_KEY_INVALID".equals(reason) || "API_KEY_EXPIRED".equals(reason)) {
            return 401;
        }
        return switch (status) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> 400;
            case "UNAUTHENTICATED" -> 401;
            case "PERMISSION_DENIED" -> 403;
            case "NOT_FOUND" -> 404;
            case "RESOURCE_EXHAUSTED" -> 429;
            case "UNAVAILABLE" -> 503;
            case "DEADLINE_EXCEEDED" -> 504;
            case "INTERNAL", "UNKNOWN", "DATA_LOSS" -> 500;
            default -> httpStatus;
        };
    }

    /** The upstream code as the policy's 4xx answers pass it on; null where its own default code says it better. */
    private static String code(String status) {
        return switch (status) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> "invalid_request";
            case "RESOURCE_EXHAUSTED" -> "resource_exhausted";
            default -> status.isEmpty() ? null : status.toLowerCase(Locale.ROOT);
        };
    }

    private static String reason(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            String reason = detail.path("reason").asText("");
            if (!reason.isEmpty()) {
                return reason;
            }
        }
        return null;
    }

    /** {@code google.rpc.RetryInfo.retryDelay} ("17s", "0.5s") in whole seconds, at least 1; null when absent. */
    static Long retryDelaySeconds(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            Matcher m = DURATION.matcher(detail.path("retryDelay").asText(""));
            if (m.matches()) {
                return Math.max(1L, (long) Math.ceil(Double.parseDouble(m.group(1))));
            }
        }
        return null;
    }

    /** The {@code error} object of a body (a JSON object, or an array of them from a stream), or null. */
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (node != null && node.isArray() && !node.isEmpty()) {
                node = node.get(0);
            }
            JsonNode error = node == null ? null : node.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Not Google's shape (a proxy's HTML page, plain text): a short excerpt for the operator, secrets redacted first. */
    private static String rawExcerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        String raw = SecretRedactor.redact(new String(body, StandardCharsets.UTF_8).strip());
        return raw.length() > MAX_RAW_MESSAGE ? raw.substring(0, MAX_RAW_MESSAGE) + "…" : raw;
    }
}
