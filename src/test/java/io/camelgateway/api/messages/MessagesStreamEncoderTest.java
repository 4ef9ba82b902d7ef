package io.camelgateway.api.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Canonical streams driven by hand (as other providers' translators drive them) → Anthropic's grammar. */
class MessagesStreamEncoderTest {

    private static String run(long inputTokens, Consumer<TurnStreamAssembler> script) {
        MessagesClientStream client = new MessagesClientStream("gw-model", inputTokens);
        StringBuilder out = new StringBuilder();
        ToolNameMap tools = new ToolNameMap(ToolNameRules.OPENAI);
        tools.register(new ToolRef(ToolKind.CUSTOM, null, "apply_patch"));
        TurnStreamAssembler assembler = new TurnStreamAssembler(
                e -> client.encode(e).forEach(f -> out.append(new String(f, StandardCharsets.UTF_8))),
                tools, client.responseId(), "gpt-x", client.createdAt());
        script.accept(assembler);
        return out.toString();
    }

    @Test
    void interleavedItemsBecomeOneBlockAtATime() {
        String sse = run(321, a -> {
            int reasoning = a.openReasoning();
            a.appendReasoningSummary(reasoning, "First ");
            a.nextReasoningSummaryPart(reasoning);
            a.appendReasoningSummary(reasoning, "second.");
            a.setReasoningEncrypted(reasoning, "enc-from-openai");
            int text = a.openMessage();
            a.appendText(text, "Let me ");
            int first = a.openToolCall("call_1", "Bash");
            a.appendToolArguments(first, "{\"command\":");
            int second = a.openToolCall("call_2", "Bash");
            a.appendToolArguments(second, "{\"command\":\"pwd\"}");
            a.appendText(text, "look.");
            a.keepAlive();
            a.appendToolArguments(first, "\"ls\"}");
            int patch = a.openToolCall("call_3", "apply_patch");
            a.appendToolArguments(patch, "{\"input\":\"*** Begin Patch\"}");
            int empty = a.openMessage();
            a.closeItem(empty);
            a.setUsage(new Usage(500, 100, 0, 42, 7));
            a.finish(StopReason.COMPLETED);
        });
        List<MessagesSse.Event> events = MessagesSse.parse(sse);

        assertNull(MessagesSse.violation(events), () -> MessagesSse.violation(events) + "\n" + sse);
        assertEquals(321, events.get(0).data().path("message").path("usage").path("input_tokens").asLong());
        assertEquals("gpt-x", events.get(0).data().path("message").path("model").asText());
        assertTrue(events.stream().anyMatch(e -> e.type().equals("ping")));
        ObjectNode message = MessagesSse.fold(events);
        JsonNode content = message.path("content");
        assertEquals(5, content.size(), content::toString);
        assertEquals("First \n\nsecond.", content.get(0).path("thinking").asText());
        assertEquals("enc-from-openai",
                ReasoningEnvelope.unwrap("openai", content.get(0).path("signature").asText()).asText());
        assertEquals("Let me look.", content.get(1).path("text").asText());
        assertEquals("call_1", content.get(2).path("id").asText());
        assertEquals("ls", content.get(2).path("input").path("command").asText());
        assertEquals("pwd", content.get(3).path("input").path("command").asText());
        assertEquals("apply_patch", content.get(4).path("name").asText());
        assertEquals("*** Begin Patch", content.get(4).path("input").path("input").asText());
        assertEquals("tool_use", message.path("stop_reason").asText());
        assertEquals(400, message.path("usage").path("input_tokens").asLong());
        assertEquals(100, message.path("usage").path("cache_read_input_tokens").asLong());
        assertEquals(42, message.path("usage").path("output_tokens").asLong());
    }

    @Test
    void maxTokensAndPlainEnd() {
        String sse = run(10, a -> {
            a.appendText(a.openMessage(), "partial");
            a.finish(StopReason.MAX_OUTPUT_TOKENS);
        });
        List<MessagesSse.Event> events = MessagesSse.parse(sse);
        assertNull(MessagesSse.violation(events));
        assertEquals("max_tokens", MessagesSse.fold(events).path("stop_reason").asText());
        assertEquals(10, MessagesSse.fold(events).path("usage").path("input_tokens").asLong(),
                "the gateway's count stands in when the provider reported none");
    }

    @Test
    void aFailureMidStreamIsTheLastEventAndRetryable() {
        String sse = run(10, a -> {
            int text = a.openMessage();
            a.appendText(text, "Hel");
            a.fail(new TurnError(502, "server_error", "stream_interrupted", "cut", null, 1L));
        });
        List<MessagesSse.Event> events = MessagesSse.parse(sse);
        assertNull(MessagesSse.violation(events));
        MessagesSse.Event last = events.get(events.size() - 1);
        assertEquals("error", last.name());
        assertEquals("overloaded_error", last.data().path("error").path("type").asText());

        String limited = run(10, a -> a.fail(new TurnError(429, "rate_limit_error", "x", "slow down", null, 3L)));
        List<MessagesSse.Event> limitedEvents = MessagesSse.parse(limited);
        assertEquals("rate_limit_error", limitedEvents.get(limitedEvents.size() - 1).data().path("error")
                .path("type").asText());
    }

    @Test
    void anEarlyCommitIsACommentAndTheAnswerStartsTheMessage() {
        MessagesClientStream client = new MessagesClientStream("m", 5);
        String commit = new String(client.commit("m").get(0), StandardCharsets.UTF_8);
        assertTrue(commit.startsWith(":"), commit);
        assertTrue(new String(client.keepAlive().get(0), StandardCharsets.UTF_8).startsWith(":"));
        String failed = new String(client.failCommitted(new TurnError(503, "server_error", "provider_overloaded",
                "busy", null, 1L)).get(0), StandardCharsets.UTF_8);
        assertEquals("error", MessagesSse.parse(failed).get(0).name());
        assertEquals("overloaded_error", MessagesSse.parse(failed).get(0).data().path("error").path("type").asText());
        assertTrue(client.isTerminal("message_stop", "{\"type\":\"message_stop\"}"));
        assertTrue(client.isTerminal("error", "{\"type\":\"error\"}"));
        assertEquals("{\"x\":1}", client.relayed("content_block_delta", "{\"x\":1}"));
    }
}
