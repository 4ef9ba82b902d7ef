package io.camelgateway.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A client-chosen value can neither split a line nor forge a field, in text or JSON. */
class LogLineTest {

    private static final Instant TIME = Instant.parse("2026-11-29T15:00:00Z");

    private static LogLine line() {
        return new LogLine(TIME, "INFO", "access").put("model", "gpt x\nINFO access status=200 \"q\"")
                .put("status", 404).put("plain", "openai/gpt-5.1").put("absent", null).put("stream", true);
    }

    @Test
    void textQuotesAndEscapesWhatIsNotOnePlainWord() {
        assertEquals("2026-11-29T15:00:00Z INFO access model=\"gpt x\\nINFO access status=200 \\\"q\\\"\" status=404"
                + " plain=openai/gpt-5.1 stream=true", line().render(false));
    }

    @Test
    void jsonIsOneObjectPerLine() throws Exception {
        String rendered = line().render(true);
        assertTrue(!rendered.contains("\n"));
        JsonNode json = new ObjectMapper().readTree(rendered);
        assertEquals("gpt x\nINFO access status=200 \"q\"", json.path("model").asText());
        assertEquals(404, json.path("status").asInt());
        assertTrue(json.path("stream").asBoolean());
        assertTrue(json.path("absent").isMissingNode());
        assertEquals("2026-11-29T15:00:00Z", json.path("time").asText());
    }

    @Test
    void longValuesAreCut() {
        String rendered = new LogLine(TIME, "INFO", "access").put("model", "m".repeat(5000)).render(false);
        assertTrue(rendered.length() < 300, rendered);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        LogWriter writer = new LogWriter(1, false);
        try {
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            writer.submit(() -> {
                try {
                    hold.await(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "first";
            });
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                writer.submit(() -> "more");
            }
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "submit never waits");
            assertTrue(writer.dropped() >= 98, "dropped " + writer.dropped());
            hold.countDown();
        } finally {
            writer.close();
        }
    }
}
