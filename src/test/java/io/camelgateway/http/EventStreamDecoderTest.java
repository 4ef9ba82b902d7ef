package io.camelgateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/** The recorded Bedrock eventstream (and made-up frames) through {@link EventStreamDecoder}, split every way. */
class EventStreamDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static byte[] recorded() throws Exception {
        return Files.readAllBytes(Path.of(EventStreamDecoderTest.class
                .getResource("/vectors/bedrock/converse-stream-text-then-tool-use.eventstream").toURI()));
    }

    static List<String> recordedJsonl() throws Exception {
        return Files.readAllLines(Path.of(EventStreamDecoderTest.class
                .getResource("/vectors/bedrock/converse-stream-text-then-tool-use.jsonl").toURI()));
    }

    private static List<SseEvent> decode(byte[] bytes, int... cuts) {
        List<SseEvent> events = new ArrayList<>();
        EventStreamDecoder decoder = new EventStreamDecoder(events::add);
        int from = 0;
        for (int cut : cuts) {
            decoder.feed(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        decoder.feed(Arrays.copyOfRange(bytes, from, bytes.length));
        decoder.end();
        return events;
    }

    @Test
    void theRecordedStreamDecodesToTheEventsItsJsonFormHolds() throws Exception {
        List<SseEvent> events = decode(recorded());
        List<String> lines = recordedJsonl();
        assertEquals(lines.size(), events.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            String name = line.fieldNames().next();
            assertEquals(name, events.get(i).event(), "event " + i);
            assertEquals(line.get(name), JSON.readTree(events.get(i).data()), "payload of event " + i);
        }
        assertEquals("messageStart", events.get(0).event());
        assertEquals("metadata", events.get(events.size() - 1).event());
    }

    @Test
    void framesSplitAtEveryByteBoundaryDecodeTheSame() throws Exception {
        byte[] bytes = recorded();
        List<SseEvent> whole = decode(bytes);
        for (int cut = 1; cut < bytes.length; cut++) {
            assertEquals(whole, decode(bytes, cut), "split at byte " + cut);
        }
        int[] everyByte = new int[bytes.length - 1];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = i + 1;
        }
        assertEquals(whole, decode(bytes, everyByte), "one byte at a time");
    }

    @Test
    void anEventIsHandedOnAsSoonAsItsFrameIsWholeNotAtTheEnd() throws Exception {
        byte[] bytes = recorded();
        int firstFrame = java.nio.ByteBuffer.wrap(bytes, 0, 4).getInt();
        List<SseEvent> events = new ArrayList<>();
        EventStreamDecoder decoder = new EventStreamDecoder(events::add);
        decoder.feed(Arrays.copyOfRange(bytes, 0, firstFrame - 1));
        assertEquals(0, events.size());
        decoder.feed(Arrays.copyOfRange(bytes, firstFrame - 1, firstFrame + 3));
        assertEquals(1, events.size());
        assertEquals("messageStart", events.get(0).event());
    }

    @Test
    void aDamagedPayloadFailsItsChecksumClearly() throws Exception {
        byte[] bytes = recorded();
        bytes[120] ^= 0x20; // inside the first frame's payload
        MalformedStreamException failure = assertThrows(MalformedStreamException.class, () -> decode(bytes));
        assertTrue(failure.getMessage().toLowerCase().contains("checksum"), failure.getMessage());
    }

    @Test
    void aDamagedPreludeFailsClearlyEvenWhenSplit() throws Exception {
        byte[] bytes = recorded();
        bytes[2] ^= 0x01; // the total length: the prelude checksum no longer matches
        MalformedStreamException failure = assertThrows(MalformedStreamException.class, () -> decode(bytes, 3, 9));
        assertTrue(failure.getMessage().toLowerCase().contains("checksum"), failure.getMessage());
    }

    @Test
    void exceptionAndErrorFramesAreNamedByTheirKind() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, HeaderValue> exception = new LinkedHashMap<>();
        exception.put(":message-type", HeaderValue.fromString("exception"));
        exception.put(":exception-type", HeaderValue.fromString("modelStreamErrorException"));
        exception.put(":content-type", HeaderValue.fromString("application/json"));
        new Message(exception, "{\"message\":\"the model broke\"}".getBytes(StandardCharsets.UTF_8)).encode(out);
        Map<String, HeaderValue> error = new LinkedHashMap<>();
        error.put(":message-type", HeaderValue.fromString("error"));
        error.put(":error-code", HeaderValue.fromString("InternalFailure"));
        error.put(":error-message", HeaderValue.fromString("something \"quoted\" failed"));
        new Message(error, new byte[0]).encode(out);

        List<SseEvent> events = decode(out.toByteArray(), 5);
        assertEquals(new SseEvent("modelStreamErrorException", "{\"message\":\"the model broke\"}"), events.get(0));
        assertEquals("InternalFailure", events.get(1).event());
        assertEquals("{\"message\":\"something \\\"quoted\\\" failed\"}", events.get(1).data());
    }

    @Test
    void framingNamesItsDecoder() {
        assertTrue(StreamFraming.AWS_EVENTSTREAM.decoder(e -> { }) instanceof EventStreamDecoder);
        assertTrue(StreamFraming.SSE.decoder(e -> { }) instanceof SseParser);
    }
}
