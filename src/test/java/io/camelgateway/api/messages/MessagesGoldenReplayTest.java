package io.camelgateway.api.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.anthropic.AnthropicStreamTranslator;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recorded Anthropic streams through the translating path (AnthropicStreamTranslator → TurnStreamAssembler →
 * MessagesClientStream): the client must get a stream in Anthropic's grammar carrying what the recording carried.
 */
class MessagesGoldenReplayTest {

    private static final long GATEWAY_COUNT = 1234;

    static Stream<Path> vectors() throws IOException, URISyntaxException {
        Path dir = Path.of(MessagesGoldenReplayTest.class.getResource("/vectors/anthropic").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".sse")).sorted();
    }

    static String replay(byte[] recorded) {
        return replay(recorded, false);
    }

    static String replay(byte[] recorded, boolean whole) {
        MessagesClientStream client = new MessagesClientStream("claude-test", GATEWAY_COUNT);
        StringBuilder out = new StringBuilder();
        TurnStreamAssembler assembler = new TurnStreamAssembler(
                event -> client.encode(event).forEach(f -> out.append(new String(f, StandardCharsets.UTF_8))),
                new ToolNameMap(ToolNameRules.ANTHROPIC), client.responseId(), "claude-test", client.createdAt());
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(assembler, "anthropic");
        assembler.start();
        SseParser parser = new SseParser(translator::onEvent);
        // uneven chunks, as a network delivers them
        if (whole) {
            parser.feed(recorded);
        } else {
            for (int offset = 0, step = 1; offset < recorded.length; offset += step, step = step % 97 + 13) {
                parser.feed(recorded, offset, Math.min(step, recorded.length - offset));
            }
        }
        parser.end();
        translator.onEnd();
        return out.toString();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void replayKeepsGrammarAndContent(Path vector) throws IOException {
        byte[] bytes = Files.readAllBytes(vector);
        List<MessagesSse.Event> recorded = MessagesSse.parse(new String(bytes, StandardCharsets.UTF_8));
        List<MessagesSse.Event> ours = MessagesSse.parse(replay(bytes));

        assertNull(MessagesSse.violation(ours), () -> "grammar: " + MessagesSse.violation(ours) + "\n" + ours);
        assertEquals(1, ours.stream().filter(e -> e.type().equals("message_start")).count());
        assertEquals(GATEWAY_COUNT, ours.get(0).data().path("message").path("usage").path("input_tokens").asLong());

        ObjectNode expected = MessagesSse.fold(recorded);
        ObjectNode actual = MessagesSse.fold(ours);
        assertEquals(comparable(expected.path("content")), comparable(actual.path("content")), vector.toString());
        if (expected.has("error")) {
            assertEquals("error", ours.get(ours.size() - 1).type());
            assertEquals("overloaded_error", actual.path("error").path("type").asText());
            return;
        }
        assertEquals(expected.path("stop_reason").asText(), actual.path("stop_reason").asText());
        for (String field : List.of("input_tokens", "output_tokens", "cache_read_input_tokens",
                "cache_creation_input_tokens")) {
            assertEquals(expected.path("usage").path(field).asLong(0), actual.path("usage").path(field).asLong(0),
                    vector + " usage." + field);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void replayIsTheSameWhateverTheChunking(Path vector) throws IOException {
        byte[] bytes = Files.readAllBytes(vector);
        String chunked = replay(bytes, false).replaceAll("\"msg_[0-9a-z]{24}\"", "\"ID\"");
        String whole = replay(bytes, true).replaceAll("\"msg_[0-9a-z]{24}\"", "\"ID\"");
        assertTrue(chunked.startsWith("event: message_start\n"), chunked);
        assertEquals(whole, chunked);
    }

    /**
     * The blocks a client keeps when the stream is translated: text (adjacent text blocks merged, as server-tool
     * blocks between them are not the client's), thinking with its signature, redacted thinking, and tool calls.
     */
    private static ArrayNode comparable(JsonNode content) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            ObjectNode kept = JsonNodeFactory.instance.objectNode().put("type", type);
            switch (type) {
                case "text" -> {
                    JsonNode last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && "text".equals(last.path("type").asText())) {
                        ((ObjectNode) last).put("text", last.path("text").asText() + block.path("text").asText());
                        continue;
                    }
                    kept.put("text", block.path("text").asText());
                }
                case "thinking" -> kept.put("thinking", block.path("thinking").asText())
                        .put("signature", block.path("signature").asText());
                case "redacted_thinking" -> kept.put("data", block.path("data").asText());
                case "tool_use" -> {
                    kept.put("id", block.path("id").asText()).put("name", block.path("name").asText());
                    kept.set("input", block.path("input"));
                }
                default -> {
                    continue;
                }
            }
            out.add(kept);
        }
        return out;
    }
}
