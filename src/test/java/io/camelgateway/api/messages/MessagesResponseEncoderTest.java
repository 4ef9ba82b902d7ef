package io.camelgateway.api.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesResponseEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MessagesApiCodec codec = new MessagesApiCodec();

    private JsonNode encode(List<Item> output, StopReason reason, Usage usage) throws Exception {
        TurnResponse response = new TurnResponse("resp_abc", "gpt-x", 0, output, usage, reason, null);
        return JSON.readTree(codec.encodeResponse(response, "gpt-x"));
    }

    @Test
    void aCallMakesStopReasonToolUseWhateverTheProviderSaid() throws Exception {
        JsonNode body = encode(List.of(
                new Reasoning("rs_1", List.of("plan", "more"), List.of(), "enc-xyz"),
                Message.text(Role.ASSISTANT, "running"),
                new FunctionCall("fc_1", "call_1", null, "Bash", "{\"command\":\"ls\"}"),
                new FunctionCall("fc_2", "call_2", null, "Bash", "{broken"),
                new CustomToolCall("ctc_1", "call_3", "apply_patch", "*** Begin")),
                StopReason.COMPLETED, new Usage(100, 30, 5, 20, 0));

        assertEquals("msg_abc", body.path("id").asText());
        assertEquals("message", body.path("type").asText());
        assertEquals("assistant", body.path("role").asText());
        assertEquals("tool_use", body.path("stop_reason").asText());
        assertTrue(body.path("stop_sequence").isNull());
        JsonNode content = body.path("content");
        assertEquals("thinking", content.get(0).path("type").asText());
        assertEquals("plan\n\nmore", content.get(0).path("thinking").asText());
        String signature = content.get(0).path("signature").asText();
        assertEquals("enc-xyz", ReasoningEnvelope.unwrap("openai", signature).asText());
        assertEquals("running", content.get(1).path("text").asText());
        assertEquals("call_1", content.get(2).path("id").asText());
        assertEquals("ls", content.get(2).path("input").path("command").asText());
        assertEquals("{broken", content.get(3).path("input").path("raw").asText());
        assertEquals("*** Begin", content.get(4).path("input").path("input").asText());
        JsonNode usage = body.path("usage");
        assertEquals(65, usage.path("input_tokens").asLong());
        assertEquals(30, usage.path("cache_read_input_tokens").asLong());
        assertEquals(5, usage.path("cache_creation_input_tokens").asLong());
        assertEquals(20, usage.path("output_tokens").asLong());
    }

    @Test
    void anthropicsOwnThinkingIsRestoredVerbatim() throws Exception {
        ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
        blocks.addObject().put("type", "thinking").put("thinking", "t").put("signature", "sig");
        blocks.addObject().put("type", "redacted_thinking").put("data", "d");
        JsonNode body = encode(List.of(new Reasoning("rs", List.of("t"), List.of(),
                ReasoningEnvelope.wrap("anthropic", blocks)), Message.text(Role.ASSISTANT, "hi")),
                StopReason.COMPLETED, Usage.ZERO);
        assertEquals(blocks.get(0), body.path("content").get(0));
        assertEquals(blocks.get(1), body.path("content").get(1));
        assertEquals("hi", body.path("content").get(2).path("text").asText());
        assertEquals("end_turn", body.path("stop_reason").asText());
    }

    @Test
    void stopReasonsAndErrorShapes() throws Exception {
        assertEquals("max_tokens", encode(List.of(Message.text(Role.ASSISTANT, "cut")),
                StopReason.MAX_OUTPUT_TOKENS, Usage.ZERO).path("stop_reason").asText());
        assertEquals("refusal", encode(List.of(), StopReason.CONTENT_FILTER, Usage.ZERO).path("stop_reason").asText());
        assertEquals(0, encode(List.of(Message.text(Role.ASSISTANT, "")), StopReason.COMPLETED, Usage.ZERO)
                .path("content").size(), "no empty text block");

        int[] statuses = {400, 401, 403, 404, 413, 429, 503, 529, 502, 500, 415};
        String[] types = {"invalid_request_error", "authentication_error", "permission_error", "not_found_error",
                "request_too_large", "rate_limit_error", "overloaded_error", "overloaded_error", "api_error",
                "api_error", "invalid_request_error"};
        for (int i = 0; i < statuses.length; i++) {
            JsonNode error = JSON.readTree(codec.errorBody(new TurnError(statuses[i], "x", "y", "msg", null, null)));
            assertEquals("error", error.path("type").asText());
            assertEquals(types[i], error.path("error").path("type").asText(), "status " + statuses[i]);
            assertEquals("msg", error.path("error").path("message").asText());
        }
    }
}
