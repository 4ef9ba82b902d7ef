package io.camelgateway.resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads how long a provider asked us to wait: a milliseconds header ({@link #MILLISECOND_HEADERS}), then
 * {@code Retry-After} (seconds or HTTP date).
 */
public final class RetryAfter {

    /** Headers that carry the wait in milliseconds, first found wins: OpenAI's and Azure's spelling. */
    public static final java.util.List<String> MILLISECOND_HEADERS = java.util.List.of("retry-after-ms",
            "x-ms-retry-after-ms");

    private RetryAfter() {
    }

    /** Milliseconds to wait, or null when the response says nothing usable. */
    public static Long millis(Function<String, String> headers) {
        return millis(headers, Instant::now);
    }

    static Long millis(Function<String, String> headers, Supplier<Instant> now) {
        if (headers == null) {
            return null;
        }
        for (String header : MILLISECOND_HEADERS) {
            Long ms = number(headers.apply(header), 1);
            if (ms != null) {
                return ms;
            }
        }
        String value = headers.apply("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        Long seconds = number(value, 1000);
        if (seconds != null) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Math.max(0, Duration.between(now.get(), at).toMillis());
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    /** Whole seconds for a {@code Retry-After} header sent to the client, at least 1. */
    public static long headerSeconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static Long number(String text, int unitMs) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                return null;
            }
            return (long) Math.ceil(value * unitMs);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
