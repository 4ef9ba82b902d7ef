package io.camelgateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.Usage;
import io.camelgateway.http.EventStreamDecoder;
import io.camelgateway.http.SseEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Usage read from Bedrock ConverseStream events (the recorded binary stream) and Converse bodies. */
class ConverseUsageTapTest {

    private static List<SseEvent> recorded() throws Exception {
        List<SseEvent> events = new ArrayList<>();
        new EventStreamDecoder(events::add).feed(Files.readAllBytes(Path.of(ConverseUsageTapTest.class
                .getResource("/vectors/bedrock/converse-stream-text-then-tool-use.eventstream").toURI())));
        return events;
    }

    @Test
    void aWholeStreamReportsItsMetadataUsage() throws Exception {
        UsageTap tap = UsageTaps.forWire(UsageTaps.CONVERSE, 1000, false);
        recorded().forEach(e -> assertTrue(tap.onEvent(e.event(), e.data())));
        MeteredUsage usage = tap.result();
        assertFalse(usage.estimated());
        assertEquals(new Usage(471, 0, 0, 91, 0), usage.usage());
        assertEquals(List.of("get_temperature"), tap.facts().toolCalls());
        assertEquals("messageStop", tap.facts().terminalEvent());
    }

    @Test
    void aCutStreamIsEstimatedFromWhatWasSeen() throws Exception {
        UsageTap tap = UsageTaps.forWire(UsageTaps.CONVERSE, 1000, false);
        List<SseEvent> events = recorded();
        events.subList(0, 10).forEach(e -> tap.onEvent(e.event(), e.data()));
        MeteredUsage usage = tap.result();
        assertTrue(usage.estimated());
        assertEquals(1000, usage.usage().inputTokens());
        assertTrue(usage.usage().outputTokens() > 0);
    }

    @Test
    void aWholeBodyCountsCacheReadsAndWritesAsInput() {
        UsageTap tap = UsageTaps.forWire(UsageTaps.CONVERSE, 1000, false);
        MeteredUsage usage = tap.wholeBody(("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":"
                + "{\"toolUseId\":\"t\",\"name\":\"shell\",\"input\":{}}}]}},\"stopReason\":\"tool_use\",\"usage\":"
                + "{\"inputTokens\":10,\"outputTokens\":5,\"cacheReadInputTokens\":100,\"cacheWriteInputTokens\":7}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(new Usage(117, 100, 7, 5, 0), usage.usage());
        assertEquals(List.of("shell"), tap.facts().toolCalls());
    }
}
