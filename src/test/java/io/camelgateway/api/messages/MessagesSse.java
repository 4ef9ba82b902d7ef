package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.http.SseParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages SSE for tests: parses a stream into events, checks it against Anthropic's grammar, and folds it
 * into the message a client SDK would assemble (content blocks, stop_reason, final usage).
 */
public final class MessagesSse {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its {@code event:} name and parsed data. */
    public record Event(String name, JsonNode data) {
        public String type() {
            return data.path("type").asText();
        }
    }

    private MessagesSse() {
    }

    public static List<Event> parse(String sse) {
        List<Event> events = new ArrayList<>();
        SseParser parser = new SseParser(e -> {
            try {
                events.add(new Event(e.event(), JSON.readTree(e.data())));
            } catch (IOException ex) {
                throw new UncheckedIOException("data is not JSON: " + e.data(), ex);
            }
        });
        parser.feed(sse.getBytes(StandardCharsets.UTF_8));
        parser.end();
        return events;
    }

    /**
     * Checks Anthropic's stream grammar; returns the first violation, or null. Exactly one {@code message_start},
     * first; blocks with consecutive indices from 0, one open at a time, deltas only in the open block and of its
     * kind (signature only in thinking, before its stop); then {@code message_delta} and {@code message_stop} last,
     * or an {@code error} event last. Every frame's event name equals its data's type.
     */
    public static String violation(List<Event> events) {
        if (events.isEmpty()) {
            return "empty stream";
        }
        Map<Integer, String> kinds = new HashMap<>();
        int open = -1;
        int nextIndex = 0;
        boolean started = false;
        boolean delta = false;
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            String type = event.type();
            boolean last = i == events.size() - 1;
            if (event.name() != null && !event.name().equals(type)) {
                return "event name " + event.name() + " does not match data type " + type + " at " + i;
            }
            if ("error".equals(type)) {
                return last ? null : "events after error at " + i;
            }
            if (!started && !"message_start".equals(type)) {
                return "first event is " + type + ", not message_start";
            }
            switch (type) {
                case "message_start" -> {
                    if (started) {
                        return "second message_start at " + i;
                    }
                    started = true;
                }
                case "ping" -> {
                }
                case "content_block_start" -> {
                    int index = event.data().path("index").asInt(-1);
                    if (open >= 0) {
                        return "block " + index + " started while " + open + " is open";
                    }
                    if (index != nextIndex || delta) {
                        return "block index " + index + " where " + nextIndex + " was due (or after message_delta)";
                    }
                    nextIndex++;
                    open = index;
                    kinds.put(index, event.data().path("content_block").path("type").asText());
                }
                case "content_block_delta" -> {
                    int index = event.data().path("index").asInt(-1);
                    if (index != open) {
                        return "delta for block " + index + " which is not open";
                    }
                    String deltaType = event.data().path("delta").path("type").asText();
                    String kind = kinds.get(index);
                    boolean fits = switch (deltaType) {
                        case "text_delta", "citations_delta" -> "text".equals(kind);
                        case "thinking_delta", "signature_delta" -> "thinking".equals(kind);
                        case "input_json_delta" -> "tool_use".equals(kind) || "server_tool_use".equals(kind);
                        default -> false;
                    };
                    if (!fits) {
                        return deltaType + " inside a " + kind + " block";
                    }
                }
                case "content_block_stop" -> {
                    int index = event.data().path("index").asInt(-1);
                    if (index != open) {
                        return "stop for block " + index + " which is not open";
                    }
                    open = -1;
                }
                case "message_delta" -> {
                    if (open >= 0 || delta) {
                        return "message_delta with block " + open + " open or twice";
                    }
                    delta = true;
                }
                case "message_stop" -> {
                    if (!delta || !last) {
                        return "message_stop without message_delta before it or not last";
                    }
                    return null;
                }
                default -> {
                    return "unknown event type " + type;
                }
            }
        }
        return "stream ends without message_stop or error";
    }

    /**
     * The message the stream builds: {@code content} (blocks with their deltas applied; tool input parsed),
     * {@code stop_reason}, {@code usage} (message_start's, then each message_delta's fields over it), and
     * {@code error} when the stream ended with one.
     */
    public static ObjectNode fold(List<Event> events) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        ArrayNode content = message.putArray("content");
        ObjectNode usage = message.putObject("usage");
        Map<Integer, ObjectNode> blocks = new HashMap<>();
        Map<Integer, StringBuilder> json = new HashMap<>();
        for (Event event : events) {
            JsonNode data = event.data();
            switch (event.type()) {
                case "message_start" -> usage.setAll((ObjectNode) data.path("message").path("usage").deepCopy());
                case "content_block_start" -> {
                    ObjectNode block = data.path("content_block").deepCopy();
                    blocks.put(data.path("index").asInt(), block);
                    json.put(data.path("index").asInt(), new StringBuilder());
                    content.add(block);
                }
                case "content_block_delta" -> {
                    ObjectNode block = blocks.get(data.path("index").asInt());
                    JsonNode delta = data.path("delta");
                    switch (delta.path("type").asText()) {
                        case "text_delta" -> block.put("text",
                                block.path("text").asText() + delta.path("text").asText());
                        case "thinking_delta" -> block.put("thinking",
                                block.path("thinking").asText() + delta.path("thinking").asText());
                        case "signature_delta" -> block.put("signature",
                                block.path("signature").asText() + delta.path("signature").asText());
                        case "input_json_delta" -> json.get(data.path("index").asInt())
                                .append(delta.path("partial_json").asText());
                        default -> {
                        }
                    }
                }
                case "content_block_stop" -> {
                    int index = data.path("index").asInt();
                    String partial = json.get(index).toString();
                    if (!partial.isEmpty()) {
                        try {
                            blocks.get(index).set("input", JSON.readTree(partial));
                        } catch (IOException e) {
                            throw new UncheckedIOException("tool input is not JSON: " + partial, e);
                        }
                    }
                }
                case "message_delta" -> {
                    message.set("stop_reason", data.path("delta").path("stop_reason"));
                    data.path("usage").fields().forEachRemaining(f -> {
                        if (!f.getValue().isNull()) {
                            usage.set(f.getKey(), f.getValue());
                        }
                    });
                }
                case "error" -> message.set("error", data.path("error"));
                default -> {
                }
            }
        }
        return message;
    }
}
