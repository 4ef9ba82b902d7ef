package io.camelgateway.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.fakes.FakeGeminiServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeminiErrorMapperTest {

    private static final GeminiErrorMapper MAPPER = new GeminiErrorMapper();

    private static TurnError map(int code, String status, String message, Map<String, String> headers, JsonNode... details) {
        byte[] body = FakeGeminiServer.errorBody(code, status, message, details).getBytes(StandardCharsets.UTF_8);
        return MAPPER.map("gemini", code, headers::get, body);
    }

    @Test
    void invalidArgumentIsA400() {
        TurnError error = map(400, "INVALID_ARGUMENT", "Invalid value at 'contents[0]'", Map.of());
        assertEquals(400, error.status());
        assertEquals("invalid_request", error.code());
        assertTrue(error.message().contains("INVALID_ARGUMENT") && error.message().contains("contents[0]"));
        assertEquals(400, map(400, "FAILED_PRECONDITION", "User location is not supported.", Map.of()).status());
    }

    @Test
    void badKeysAreAuthFailures() {
        JsonNode info = GeminiFixtures.json("{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\"}");
        assertEquals("provider_auth_failed", map(400, "INVALID_ARGUMENT", "API key not valid.", Map.of(), info).code());
        assertEquals("provider_auth_failed", map(403, "PERMISSION_DENIED", "denied", Map.of()).code());
        assertEquals("provider_auth_failed", map(401, "UNAUTHENTICATED", "no", Map.of()).code());
    }

    @Test
    void notFoundIsModelNotFound() {
        TurnError error = map(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta", Map.of());
        assertEquals(404, error.status());
        assertEquals("model_not_found", error.code());
    }

    @Test
    void resourceExhaustedIsA429WithItsRetryDelay() {
        TurnError error = map(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", Map.of(),
                FakeGeminiServer.retryInfo("17s"));
        assertEquals(429, error.status());
        assertEquals("rate_limit_exceeded", error.code());
        assertEquals(17L, error.retryAfterSeconds());
        assertEquals(1L, map(429, "RESOURCE_EXHAUSTED", "x", Map.of(), FakeGeminiServer.retryInfo("0.2s")).retryAfterSeconds());
        assertEquals(5L, map(429, "RESOURCE_EXHAUSTED", "x", Map.of("retry-after", "5"),
                FakeGeminiServer.retryInfo("17s")).retryAfterSeconds(), "a Retry-After header wins");
        assertNull(map(429, "RESOURCE_EXHAUSTED", "x", Map.of()).retryAfterSeconds());
    }

    @Test
    void serverErrorsAreRetryable5xx() {
        TurnError unavailable = map(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", Map.of());
        assertEquals(503, unavailable.status());
        assertEquals("provider_overloaded", unavailable.code());
        TurnError internal = map(500, "INTERNAL", "An internal error has occurred.", Map.of());
        assertEquals(502, internal.status());
        assertTrue(internal.isRetryable());
    }

    @Test
    void anOverloadKeepsTheStatedRetryDelay() {
        assertEquals(7L, map(503, "UNAVAILABLE", "The model is overloaded.", Map.of(), FakeGeminiServer.retryInfo("7s"))
                .retryAfterSeconds(), "google.rpc.RetryInfo");
        assertEquals(9L, map(503, "UNAVAILABLE", "The model is overloaded.", Map.of("retry-after", "9"))
                .retryAfterSeconds(), "a Retry-After header");
        assertNull(map(503, "UNAVAILABLE", "The model is overloaded.", Map.of()).retryAfterSeconds());
    }

    @Test
    void tooManyInputTokensIsAContextOverflow() {
        TurnError error = map(400, "INVALID_ARGUMENT",
                "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", Map.of());
        assertEquals("context_length_exceeded", error.code());
    }

    @Test
    void aBodyThatIsNotGooglesShapeIsExcerpted() {
        TurnError error = MAPPER.map("gemini", 502, name -> null, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertEquals(502, error.status());
        assertTrue(error.message().contains("Bad gateway"));
        assertFalse(error.message().contains("Exception"));
    }
}
