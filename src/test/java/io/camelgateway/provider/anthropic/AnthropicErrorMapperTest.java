package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.TurnError;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class AnthropicErrorMapperTest {

    private final AnthropicErrorMapper mapper = new AnthropicErrorMapper();

    private TurnError map(int status, String body, Map<String, String> headers) {
        Function<String, String> lookup = headers::get;
        return mapper.map("anthropic", status, lookup, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
    }

    @Test
    void promptTooLongIsContextLengthExceeded() {
        TurnError e = map(400, error("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"), Map.of());
        assertEquals(400, e.status());
        assertEquals("context_length_exceeded", e.code());
        assertFalse(e.isRetryable());
    }

    @Test
    void otherBadRequestKeepsTheMessage() {
        TurnError e = map(400, error("invalid_request_error", "messages.1: roles must alternate"), Map.of());
        assertEquals(400, e.status());
        assertEquals("invalid_request_error", e.code());
        assertTrue(e.message().contains("roles must alternate"));
    }

    @Test
    void authFailuresAreTheGatewaysProblem() {
        for (int status : new int[] {401, 403}) {
            TurnError e = map(status, error(status == 401 ? "authentication_error" : "permission_error", "invalid x-api-key"), Map.of());
            assertEquals(400, e.status());
            assertEquals("provider_auth_failed", e.code());
        }
    }

    @Test
    void rateLimitKeepsRetryAfter() {
        TurnError e = map(429, error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
                Map.of("retry-after", "7"));
        assertEquals(429, e.status());
        assertEquals("rate_limit_exceeded", e.code());
        assertEquals(7L, e.retryAfterSeconds());
        assertNull(map(429, error("rate_limit_error", "slow down"), Map.of()).retryAfterSeconds());
    }

    @Test
    void serverErrorsAreRetryable() {
        TurnError e = map(500, error("api_error", "Internal server error"), Map.of());
        assertEquals(502, e.status());
        assertTrue(e.isRetryable());
    }

    @Test
    void overloaded529Becomes503() {
        TurnError e = map(529, error("overloaded_error", "Overloaded"), Map.of());
        assertEquals(503, e.status());
        assertEquals("provider_overloaded", e.code());
        assertTrue(e.message().contains("Overloaded"));
    }

    @Test
    void unknownBodiesStillMapByStatus() {
        TurnError html = map(502, "<html><body>Bad gateway</body></html>", Map.of());
        assertEquals(502, html.status());
        assertTrue(html.message().contains("Bad gateway"));
        TurnError empty = map(503, "", Map.of());
        assertEquals(503, empty.status());
        TurnError none = map(418, null, Map.of());
        assertEquals(400, none.status());
        TurnError odd = map(400, "{\"message\":\"not anthropic shaped\"}", Map.of());
        assertEquals(400, odd.status());
    }

    @Test
    void codecUsesTheTargetsProviderName() {
        Fixtures.Req r = Fixtures.req();
        TurnError e = new AnthropicCodec().mapError(529, h -> null,
                error("overloaded_error", "Overloaded").getBytes(StandardCharsets.UTF_8), r.context());
        assertTrue(e.message().startsWith("anthropic"));
    }
}
