package io.camelgateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.Usage;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.http.SseEvent;
import io.camelgateway.http.SseParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's reading of Gemini streams and bodies: Google's counts exactly, or an estimate for a cut stream. */
class GeminiUsageTapTest {

    @Test
    void recordedStreamsAreChargedGooglesCounts() throws IOException {
        UsageTap parallel = replay(UsageTapTest.sse("gemini/parallel-function-calls-gemini3.sse"));
        assertEquals(MeteredUsage.reported(new Usage(157, 0, 0, 32 + 438, 438)), parallel.result());
        assertEquals(new StreamFacts(List.of("add", "multiply"), "STOP"), parallel.facts());
        UsageTap thinking = replay(UsageTapTest.sse("gemini/thought-summary-then-function-call.sse"));
        assertEquals(MeteredUsage.reported(new Usage(54, 0, 0, 14 + 62, 62)), thinking.result());
    }

    @Test
    void usageInALastChunkOfItsOwnCounts() {
        String sse = FakeGeminiServer.answer().text("Hello there.").usage(300, 120, 20, 5).usageInLastChunk().sse();
        UsageTap tap = replay(parse(sse));
        assertEquals(MeteredUsage.reported(new Usage(300, 120, 0, 25, 5)), tap.result());
    }

    @Test
    void aStreamCutBeforeItsFinishReasonIsEstimated() {
        List<SseEvent> events = parse(FakeGeminiServer.answer().text("A fairly long answer that is cut").sse());
        UsageTap tap = replay(events.subList(0, 1));
        MeteredUsage usage = tap.result();
        assertTrue(usage.estimated(), usage.toString());
        assertTrue(usage.usage().inputTokens() > 0 && usage.usage().outputTokens() > 0, usage.toString());
    }

    @Test
    void aWholeBodyIsReadForUsageAndToolCalls() {
        UsageTap tap = UsageTaps.forWire(UsageTaps.GEMINI, 0, false);
        MeteredUsage usage = tap.wholeBody(FakeGeminiServer.answer().call("exec_command", "{\"cmd\":\"ls\"}")
                .usage(40, 0, 6, 2).json().getBytes(StandardCharsets.UTF_8));
        assertEquals(MeteredUsage.reported(new Usage(40, 0, 0, 8, 2)), usage);
        assertEquals(List.of("exec_command"), tap.facts().toolCalls());
    }

    private static UsageTap replay(List<SseEvent> events) {
        UsageTap tap = UsageTaps.forWire(UsageTaps.GEMINI, 10, false);
        events.forEach(e -> tap.onEvent(e.event(), e.data()));
        return tap;
    }

    private static List<SseEvent> parse(String sse) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(sse.getBytes(StandardCharsets.UTF_8));
        parser.end();
        return events;
    }
}
