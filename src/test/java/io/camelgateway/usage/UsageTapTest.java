package io.camelgateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.Usage;
import io.camelgateway.http.SseEvent;
import io.camelgateway.http.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage read from recorded provider streams, whole and cut, as the relay feeds them. */
class UsageTapTest {

    @Test
    void anthropicStreamReportsInputFromMessageStartAndCumulativeOutputFromMessageDelta() throws IOException {
        MeteredUsage usage = replay(UsageTaps.MESSAGES, sse("anthropic/tool-use-single.sse"), false);
        assertEquals(new MeteredUsage(new Usage(394, 0, 0, 67, 0), false), usage);
    }

    @Test
    void anthropicCacheReadsAndWritesCountApartAndInsideInput() {
        UsageTap tap = UsageTaps.forWire(UsageTaps.MESSAGES, 0, false);
        tap.onEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":10,"
                + "\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":200,\"output_tokens\":1}}}");
        tap.onEvent("message_delta", "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":42}}");
        assertEquals(new MeteredUsage(new Usage(1210, 1000, 200, 42, 0), false), tap.result());
    }

    @Test
    void anthropicStreamCutBeforeMessageDeltaKeepsInputAndEstimatesOutput() throws IOException {
        List<SseEvent> events = sse("anthropic/tool-use-single.sse");
        List<SseEvent> cut = events.stream().takeWhile(e -> !"message_delta".equals(e.event())).toList();
        MeteredUsage usage = replay(UsageTaps.MESSAGES, cut, false);
        assertTrue(usage.estimated());
        assertEquals(394, usage.usage().inputTokens());
        assertTrue(usage.usage().outputTokens() > 1, "output estimated from the streamed arguments: " + usage);
    }

    @Test
    void chatStreamReportsTheClosingUsageChunkIncludingReasoning() throws IOException {
        MeteredUsage usage = replay(UsageTaps.CHAT, sse("openai-chat/parallel-tool-calls-with-usage.sse"), false);
        assertEquals(new MeteredUsage(new Usage(190, 0, 0, 379, 320), false), usage);
    }

    @Test
    void chatUsageChunkTheClientDidNotAskForIsReadButHeldBack() throws IOException {
        UsageTap tap = UsageTaps.forWire(UsageTaps.CHAT, 0, true);
        List<String> relayed = new ArrayList<>();
        for (SseEvent event : sse("openai-chat/parallel-tool-calls-with-usage.sse")) {
            if (tap.onEvent(event.event(), event.data())) {
                relayed.add(event.data());
            }
        }
        assertEquals(379, tap.result().usage().outputTokens());
        assertTrue(relayed.stream().noneMatch(d -> d.contains("\"prompt_tokens\"")), "usage chunk held back");
        assertTrue(relayed.stream().anyMatch(d -> d.trim().equals("[DONE]")));
        assertTrue(relayed.stream().anyMatch(d -> d.contains("tool_calls")));
    }

    @Test
    void chatUsageChunkTheClientAskedForIsRelayed() throws IOException {
        UsageTap tap = UsageTaps.forWire(UsageTaps.CHAT, 0, false);
        boolean relayedUsage = false;
        for (SseEvent event : sse("openai-chat/parallel-tool-calls-with-usage.sse")) {
            relayedUsage |= tap.onEvent(event.event(), event.data()) && event.data().contains("\"prompt_tokens\"");
        }
        assertTrue(relayedUsage);
    }

    @Test
    void chatStreamCutBeforeUsageIsEstimatedAndNeverZero() throws IOException {
        List<SseEvent> cut = sse("openai-chat/parallel-tool-calls-with-usage.sse").stream()
                .filter(e -> !e.data().contains("\"prompt_tokens\"") && !e.data().contains("[DONE]")).toList();
        MeteredUsage usage = replay(UsageTaps.CHAT, cut, false, 150);
        assertTrue(usage.estimated());
        assertEquals(150, usage.usage().inputTokens(), "input from the request's size");
        assertTrue(usage.usage().outputTokens() > 0);
    }

    @Test
    void responsesStreamReportsCompletedUsageWithReasoningAndCachedDetails() throws IOException {
        MeteredUsage usage = replay(UsageTaps.RESPONSES,
                sse("openai-responses/reasoning-encrypted-summary-then-function-call.sse"), false);
        assertEquals(new MeteredUsage(new Usage(63, 0, 0, 121, 64), false), usage);
    }

    @Test
    void responsesCachedTokensAreRead() {
        UsageTap tap = UsageTaps.forWire(UsageTaps.RESPONSES, 0, false);
        tap.onEvent("response.completed", "{\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":5000,"
                + "\"input_tokens_details\":{\"cached_tokens\":4096},\"output_tokens\":20,"
                + "\"output_tokens_details\":{\"reasoning_tokens\":8}}}}");
        assertEquals(new MeteredUsage(new Usage(5000, 4096, 0, 20, 8), false), tap.result());
    }

    @Test
    void responsesStreamCutBeforeCompletedIsEstimated() throws IOException {
        List<SseEvent> cut = sse("openai-responses/reasoning-encrypted-summary-then-function-call.sse").stream()
                .filter(e -> !"response.completed".equals(e.event())).toList();
        MeteredUsage usage = replay(UsageTaps.RESPONSES, cut, false, 40);
        assertTrue(usage.estimated());
        assertEquals(40, usage.usage().inputTokens());
        assertTrue(usage.usage().outputTokens() > 0, usage.toString());
    }

    @Test
    void responsesFailedStreamIsChargedWithWhatItReported() throws IOException {
        List<SseEvent> events = new ArrayList<>();
        for (String line : text("openai-responses/error-event-then-response-failed.jsonl").split("\n")) {
            if (!line.isBlank()) {
                events.add(new SseEvent(null, line));
            }
        }
        MeteredUsage usage = replay(UsageTaps.RESPONSES, events, false, 30);
        assertTrue(usage.usage().inputTokens() > 0, "a failed turn is never charged zero input: " + usage);
    }

    @Test
    void toolCallsAndTheTerminalEventAreReadFromEachWire() throws IOException {
        assertEquals(new StreamFacts(List.of("add", "multiply"), "message_stop"),
                facts(UsageTaps.MESSAGES, sse("anthropic/tool-use-parallel.sse")));
        assertEquals(new StreamFacts(List.of("add", "multiply"), "[DONE]"),
                facts(UsageTaps.CHAT, sse("openai-chat/parallel-tool-calls-with-usage.sse")));
        assertEquals(new StreamFacts(List.of("weather"), "response.completed"),
                facts(UsageTaps.RESPONSES, sse("openai-responses/reasoning-encrypted-summary-then-function-call.sse")));
    }

    @Test
    void aWholeAnswerIsReadForUsageAndToolCalls() {
        UsageTap tap = UsageTaps.forWire(UsageTaps.MESSAGES, 0, false);
        MeteredUsage usage = tap.wholeBody(("{\"type\":\"message\",\"content\":[{\"type\":\"tool_use\",\"name\":\"exec\"}],"
                + "\"usage\":{\"input_tokens\":12,\"cache_read_input_tokens\":100,\"output_tokens\":9}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new MeteredUsage(new Usage(112, 100, 0, 9, 0), false), usage);
        assertEquals(List.of("exec"), tap.facts().toolCalls());
    }

    private static StreamFacts facts(String wire, List<SseEvent> events) {
        UsageTap tap = UsageTaps.forWire(wire, 0, false);
        events.forEach(e -> tap.onEvent(e.event(), e.data()));
        return tap.facts();
    }

    @Test
    void nonJsonAndMalformedEventsAreRelayedAndIgnored() {
        UsageTap tap = UsageTaps.forWire(UsageTaps.CHAT, 7, true);
        assertTrue(tap.onEvent(null, "[DONE]"));
        assertTrue(tap.onEvent(null, "{not json"));
        assertFalse(tap.result().usage().inputTokens() == 0);
    }

    private static MeteredUsage replay(String wire, List<SseEvent> events, boolean holdBack) {
        return replay(wire, events, holdBack, 0);
    }

    private static MeteredUsage replay(String wire, List<SseEvent> events, boolean holdBack, long inputEstimate) {
        UsageTap tap = UsageTaps.forWire(wire, inputEstimate, holdBack);
        events.forEach(e -> tap.onEvent(e.event(), e.data()));
        return tap.result();
    }

    static List<SseEvent> sse(String vector) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(text(vector).getBytes(StandardCharsets.UTF_8));
        parser.end();
        return events;
    }

    private static String text(String vector) throws IOException {
        try (InputStream in = UsageTapTest.class.getResourceAsStream("/vectors/" + vector)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
