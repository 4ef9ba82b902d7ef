package io.camelgateway.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.TurnError;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bedrock's error kinds → the gateway's statuses (the kind decides, not Bedrock's HTTP status). */
class BedrockErrorMapperTest {

    private final BedrockErrorMapper mapper = new BedrockErrorMapper();

    private TurnError map(int status, String kind, String message) {
        Map<String, String> headers = Map.of("x-amzn-errortype", kind + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        return mapper.map("bedrock", status, headers::get,
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachKindHasItsStatus() {
        assertEquals(429, map(429, "ThrottlingException", "Too many requests, please wait before trying again.").status());
        assertEquals(400, map(400, "ValidationException", "messages.0: bad").status());
        assertEquals("provider_auth_failed", map(403, "AccessDeniedException", "You don't have access").code());
        assertEquals("provider_auth_failed", map(403, "UnrecognizedClientException", "The security token included in the request is invalid.").code());
        assertEquals("provider_auth_failed", map(403, "ExpiredTokenException", "expired").code());
        assertEquals("provider_auth_failed", map(403, "InvalidSignatureException", "signature").code());
        assertEquals(404, map(404, "ResourceNotFoundException", "Model not found").status());
        assertEquals(503, map(429, "ModelNotReadyException", "Model is not ready").status(), "the kind wins over 429");
        assertEquals(503, map(503, "ServiceUnavailableException", "unavailable").status());
        assertEquals(504, map(408, "ModelTimeoutException", "timed out").status());
        assertEquals(502, map(500, "InternalServerException", "oops").status(), "a 5xx as the other codecs give it");
        assertEquals("upstream_error", map(500, "InternalServerException", "oops").code());
        assertTrue(map(500, "InternalServerException", "oops").isRetryable());
        assertEquals("context_length_exceeded", map(400, "ValidationException", "Input is too long for requested model.").code());
    }

    @Test
    void theBodysTypeAndUnknownShapesAreReadToo() {
        TurnError typed = mapper.map("bedrock", 400, name -> null,
                "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"bad\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, typed.status());
        TurnError html = mapper.map("bedrock", 502, name -> null, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));
        assertEquals(502, html.status());
        assertTrue(html.message().contains("Bad gateway"), html.message());
    }

    @Test
    void streamExceptionsMapByTheirFrameName() {
        assertEquals(429, mapper.streamError("bedrock", "throttlingException", "slow down").status());
        assertEquals(400, mapper.streamError("bedrock", "validationException", "bad").status());
        assertEquals(502, mapper.streamError("bedrock", "modelStreamErrorException", "broke").status());
        assertEquals(503, mapper.streamError("bedrock", "serviceUnavailableException", "later").status());
        assertEquals(502, mapper.streamError("bedrock", "internalServerException", "oops").status());
    }

    @Test
    void aThrottleGetsARetryDelayAsBedrockStatesNone() {
        TurnError throttled = map(429, "ThrottlingException", "Too many requests, please wait before trying again.");
        assertEquals("rate_limit_exceeded", throttled.code());
        assertEquals(BedrockErrorMapper.THROTTLE_RETRY_AFTER_SECONDS, throttled.retryAfterSeconds());
        assertEquals(BedrockErrorMapper.THROTTLE_RETRY_AFTER_SECONDS,
                mapper.streamError("bedrock", "throttlingException", "slow down").retryAfterSeconds());
        Map<String, String> stated = Map.of("x-amzn-errortype", "ThrottlingException", "retry-after", "9");
        assertEquals(9L, mapper.map("bedrock", 429, stated::get, "{}".getBytes(StandardCharsets.UTF_8))
                .retryAfterSeconds(), "a stated delay wins");
        assertNull(map(429, "ServiceQuotaExceededException", "quota").retryAfterSeconds(),
                "a spent quota is not worth a retry");
    }
}
