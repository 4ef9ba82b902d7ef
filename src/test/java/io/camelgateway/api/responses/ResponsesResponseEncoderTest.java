package io.camelgateway.api.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Responses {@code response} object for every way a turn can end. */
class ResponsesResponseEncoderTest {

    private static final Usage USAGE = new Usage(120, 100, 7, 30, 12);

    private static TurnResponse response(StopReason reason, TurnError error) {
        return new TurnResponse("resp_1", "gpt-x", 1700000000L, List.of(Message.text(Role.ASSISTANT, "hi"),
                new FunctionCall("fc_1", "call_1", null, "exec_command", "{}")), USAGE, reason, error);
    }

    @Test
    void aCompletedResponse() {
        ObjectNode out = ResponsesResponseEncoder.encode(response(StopReason.COMPLETED, null));
        assertEquals("resp_1", out.path("id").asText());
        assertEquals("response", out.path("object").asText());
        assertEquals(1700000000L, out.path("created_at").asLong());
        assertEquals("completed", out.path("status").asText());
        assertEquals("gpt-x", out.path("model").asText());
        assertTrue(out.get("error").isNull());
        assertTrue(out.get("incomplete_details").isNull());
        assertEquals(List.of("message", "function_call"),
                List.of(out.path("output").get(0).path("type").asText(), out.path("output").get(1).path("type").asText()));
        assertEquals("completed", out.path("output").get(1).path("status").asText());
        JsonNode usage = out.path("usage");
        assertEquals(120, usage.path("input_tokens").asLong());
        assertEquals(100, usage.path("input_tokens_details").path("cached_tokens").asLong());
        assertEquals(7, usage.path("input_tokens_details").path("cache_write_tokens").asLong());
        assertEquals(30, usage.path("output_tokens").asLong());
        assertEquals(12, usage.path("output_tokens_details").path("reasoning_tokens").asLong());
        assertEquals(150, usage.path("total_tokens").asLong());
    }

    @ParameterizedTest
    @CsvSource({"MAX_OUTPUT_TOKENS,max_output_tokens", "CONTENT_FILTER,content_filter"})
    void anIncompleteResponseSaysWhy(StopReason reason, String why) {
        ObjectNode out = ResponsesResponseEncoder.encode(response(reason, null));
        assertEquals("incomplete", out.path("status").asText());
        assertEquals(why, out.path("incomplete_details").path("reason").asText());
    }

    @Test
    void aFailedResponseCarriesTheErrorCodeAndMessage() {
        TurnError error = TurnError.upstream(503, "server_error", "provider down", null);
        ObjectNode out = ResponsesResponseEncoder.encode(response(null, error));
        assertEquals("failed", out.path("status").asText());
        assertEquals("server_error", out.path("error").path("code").asText());
        assertEquals("provider down", out.path("error").path("message").asText());
        assertTrue(out.get("incomplete_details").isNull());
    }

    @Test
    void anInProgressSnapshotHasNoUsageYet() {
        ObjectNode out = ResponsesResponseEncoder.encode(response(null, null), "in_progress");
        assertEquals("in_progress", out.path("status").asText());
        assertTrue(out.get("usage").isNull());
    }

    @Test
    void missingUsageIsReportedAsZero() {
        ObjectNode out = ResponsesResponseEncoder.encode(new TurnResponse("r", "m", 1L, List.of(), null,
                StopReason.COMPLETED, null));
        assertEquals(0, out.path("usage").path("input_tokens").asLong());
        assertEquals(0, out.path("usage").path("total_tokens").asLong());
        assertEquals(0, out.path("output").size());
    }
}
