package io.camelgateway.api.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.api.responses.ResponsesStreamEncoderTest.Frame;
import io.camelgateway.canonical.TurnError;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Responses side of one streamed turn: an early commit, keep-alives while waiting, and a relayed OpenAI stream
 * that joins what the gateway already wrote as if one server had sent it all.
 */
class ResponsesClientStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String UPSTREAM_CREATED =
            "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_up\",\"status\":\"in_progress\"}}";
    private static final String UPSTREAM_DELTA =
            "{\"type\":\"response.output_text.delta\",\"sequence_number\":3,\"item_id\":\"msg_up\",\"delta\":\"Hi\"}";
    private static final String UPSTREAM_COMPLETED =
            "{\"type\":\"response.completed\",\"sequence_number\":4,\"response\":{\"id\":\"resp_up\",\"status\":\"completed\"}}";

    private static List<Frame> frames(List<byte[]> bytes) {
        return bytes.stream().map(ResponsesStreamEncoderTest::parse).toList();
    }

    private static JsonNode json(String data) throws Exception {
        return JSON.readTree(data);
    }

    @Test
    void commitWritesResponseCreatedForTheFirstPlansModel() {
        ResponsesClientStream stream = new ResponsesClientStream("alias");
        List<Frame> committed = frames(stream.commit("gpt-first"));
        assertEquals(List.of("response.created", "response.in_progress"), committed.stream().map(Frame::event).toList());
        JsonNode response = committed.get(0).data().path("response");
        assertEquals(stream.responseId(), response.path("id").asText());
        assertEquals("gpt-first", response.path("model").asText());
        assertEquals(stream.createdAt(), response.path("created_at").asLong());
        assertEquals("in_progress", response.path("status").asText());
        assertTrue(stream.commitAnnouncedStart());
    }

    @Test
    void beforeACommitRelayedEventsPassUnchanged() {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        assertSame(UPSTREAM_CREATED, stream.relayed("response.created", UPSTREAM_CREATED));
        assertSame(UPSTREAM_DELTA, stream.relayed("response.output_text.delta", UPSTREAM_DELTA));
    }

    @Test
    void afterACommitTheUpstreamCreatedIsDroppedAndTheRestContinuesTheGatewaysNumbering() throws Exception {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        int sent = stream.commit("m").size();
        sent += stream.keepAlive().size();
        assertNull(stream.relayed("response.created", UPSTREAM_CREATED));
        JsonNode delta = json(stream.relayed("response.output_text.delta", UPSTREAM_DELTA));
        assertEquals(sent, delta.path("sequence_number").asLong());
        assertEquals("Hi", delta.path("delta").asText());
        assertEquals("msg_up", delta.path("item_id").asText(), "item ids are the upstream's");
        JsonNode completed = json(stream.relayed("response.completed", UPSTREAM_COMPLETED));
        assertEquals(sent + 1, completed.path("sequence_number").asLong());
        assertEquals(stream.responseId(), completed.path("response").path("id").asText());
        assertEquals("completed", completed.path("response").path("status").asText());
    }

    @Test
    void afterACommitDataThatIsNotAJsonObjectPassesUnchanged() {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        stream.commit("m");
        assertEquals("[DONE]", stream.relayed("", "[DONE]"));
        assertEquals("[1,2]", stream.relayed("", "[1,2]"));
    }

    @Test
    void keepAliveIsAnInProgressSnapshotNumberedAfterTheCommit() {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        int sent = stream.commit("m").size();
        List<Frame> keepAlive = frames(stream.keepAlive());
        assertEquals(1, keepAlive.size());
        assertEquals("response.in_progress", keepAlive.get(0).event());
        assertEquals(sent, keepAlive.get(0).data().path("sequence_number").asLong());
        assertEquals(stream.responseId(), keepAlive.get(0).data().path("response").path("id").asText());
    }

    @Test
    void terminalEventsAreRecognisedFromTheirData() {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        assertTrue(stream.isTerminal("", UPSTREAM_COMPLETED));
        assertTrue(stream.isTerminal("", "{\"type\":\"response.failed\"}"));
        assertTrue(stream.isTerminal("", "{\"type\":\"response.incomplete\"}"));
        assertFalse(stream.isTerminal("response.completed", UPSTREAM_DELTA), "the data decides, not the event name");
    }

    @Test
    void failCommittedWordsARateLimitSoCodexWaits() {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        int sent = stream.commit("m").size();
        List<Frame> failed = frames(stream.failCommitted(
                new TurnError(429, "rate_limit_error", "upstream_rate_limited", "Slow down.", null, 7L)));
        assertEquals(1, failed.size());
        assertEquals("response.failed", failed.get(0).event());
        assertEquals(sent, failed.get(0).data().path("sequence_number").asLong());
        JsonNode response = failed.get(0).data().path("response");
        assertEquals(stream.responseId(), response.path("id").asText());
        assertEquals("failed", response.path("status").asText());
        assertEquals("rate_limit_exceeded", response.path("error").path("code").asText());
        assertEquals("Slow down. Please try again in 7s.", response.path("error").path("message").asText());
    }

    @Test
    void failCommittedKeepsFatalCodesAndMessages() {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        stream.commit("m");
        JsonNode error = frames(stream.failCommitted(new TurnError(400, "invalid_request_error",
                "context_length_exceeded", "Too long.", null, null))).get(0).data().path("response").path("error");
        assertEquals("context_length_exceeded", error.path("code").asText());
        assertEquals("Too long.", error.path("message").asText());
    }

    @Test
    void relayFailureBeforeACommitIsAStandaloneResponseFailed() {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        List<Frame> failed = frames(stream.relayFailure(
                TurnError.upstream(502, "upstream_error", "provider closed the stream", null), "gpt-answering"));
        assertEquals(1, failed.size());
        assertEquals("response.failed", failed.get(0).event());
        JsonNode response = failed.get(0).data().path("response");
        assertEquals("gpt-answering", response.path("model").asText());
        assertEquals("failed", response.path("status").asText());
        assertEquals("upstream_error", response.path("error").path("code").asText());
        assertEquals("provider closed the stream", response.path("error").path("message").asText());
        assertTrue(response.path("id").asText().startsWith("resp_"));
        assertNotEquals(stream.responseId(), response.path("id").asText(),
                "the relayed stream announced its own id; the gateway's was never sent");
    }

    @Test
    void relayFailureAfterACommitContinuesTheCommittedStream() throws Exception {
        ResponsesClientStream stream = new ResponsesClientStream("m");
        int sent = stream.commit("m").size();
        stream.relayed("response.created", UPSTREAM_CREATED);
        stream.relayed("response.output_text.delta", UPSTREAM_DELTA);
        List<Frame> failed = frames(stream.relayFailure(
                TurnError.upstream(502, "upstream_error", "cut", null), "gpt-answering"));
        assertEquals(1, failed.size());
        assertEquals(sent + 1, failed.get(0).data().path("sequence_number").asLong());
        assertEquals(stream.responseId(), failed.get(0).data().path("response").path("id").asText());
        assertEquals("cut", failed.get(0).data().path("response").path("error").path("message").asText());
    }
}
