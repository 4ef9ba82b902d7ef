package io.camelgateway.api;

import io.camelgateway.canonical.TurnError;
import java.util.Locale;
import java.util.Set;

/**
 * The error a committed stream ends with, worded for how Codex (0.169) classifies {@code response.failed}:
 * {@code context_length_exceeded} and the quota codes are fatal and kept; a rate limit becomes
 * {@code rate_limit_exceeded} with "try again in N s" in the message, which Codex waits for; every other code is
 * retried by Codex a few times and then shown as "stream disconnected before completion: message".
 */
public final class InBandErrors {

    private static final Set<String> KEPT = Set.of("context_length_exceeded", "insufficient_quota", "usage_not_included");

    private InBandErrors() {
    }

    public static TurnError forStream(TurnError error) {
        if (error.code() != null && KEPT.contains(error.code())) {
            return error;
        }
        if (error.status() == 429) {
            String message = error.message();
            if (error.retryAfterSeconds() != null && !message.toLowerCase(Locale.ROOT).contains("try again in")) {
                message = message + " Please try again in " + error.retryAfterSeconds() + "s.";
            }
            return new TurnError(429, error.type(), "rate_limit_exceeded", message, error.param(),
                    error.retryAfterSeconds());
        }
        return error;
    }
}
