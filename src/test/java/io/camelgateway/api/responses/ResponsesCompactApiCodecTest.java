package io.camelgateway.api.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesCompactApiCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ResponsesCompactApiCodec codec = new ResponsesCompactApiCodec();

    @Test
    void aCompactRequestBecomesOneSummarisingTurnWithoutTools() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"model":"anthropic/claude-sonnet-4-6","input":[{"type":"message","role":"user","content":"fix it"}],
                 "tools":[{"type":"function","name":"exec_command","parameters":{"type":"object"}}],
                 "parallel_tool_calls":true,"reasoning":{"effort":"medium"}}""");
        assertEquals("anthropic/claude-sonnet-4-6", codec.validateAndGetModel(body));
        TurnRequest turn = codec.decode(body);
        assertFalse(turn.stream());
        assertTrue(turn.tools().isEmpty());
        assertEquals(2, turn.input().size());
        Message ask = (Message) turn.input().get(1);
        assertEquals(Role.USER, ask.role());
        assertTrue(body.has("tools"), "the client's body is left as it is (a fallback rereads it)");
    }

    @Test
    void theSummaryComesBackAsTheCompactedHistory() throws Exception {
        TurnResponse response = new TurnResponse("resp_1", "m", 1L, List.of(Message.text(Role.ASSISTANT, "Did X.")),
                new Usage(100, 0, 0, 20, 0), StopReason.COMPLETED, null);
        JsonNode out = JSON.readTree(codec.encodeResponse(response, "m"));
        assertEquals("response.compaction", out.path("object").asText());
        assertEquals(1, out.path("output").size());
        JsonNode message = out.path("output").get(0);
        assertEquals("user", message.path("role").asText());
        String text = message.path("content").get(0).path("text").asText();
        assertTrue(text.startsWith(ResponsesCompactApiCodec.SUMMARY_PREFIX) && text.endsWith("Did X."), text);
        assertEquals(100, out.path("usage").path("input_tokens").asInt());
    }

    @Test
    void aStreamedCompactionIsRefused() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("{\"model\":\"m\",\"input\":\"x\",\"stream\":true}");
        RequestValidationException refused = assertThrows(RequestValidationException.class,
                () -> codec.validateAndGetModel(body));
        assertEquals(400, refused.error().status());
        assertEquals("stream", refused.error().param());
    }
}
