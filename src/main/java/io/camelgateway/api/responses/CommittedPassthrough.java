package io.camelgateway.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A passed-through Responses stream joining a stream the gateway already committed: the client has the gateway's
 * {@code response.created}, so the upstream's own is dropped, and the later events continue the gateway's
 * {@code sequence_number}s and carry its response id, as if one server had sent the whole stream.
 */
final class CommittedPassthrough {

    private final String responseId;
    private long nextSequence;

    CommittedPassthrough(String responseId, long nextSequence) {
        this.responseId = responseId;
        this.nextSequence = nextSequence;
    }

    /** The event's data to send, or null to drop it. Data that is not a JSON object passes unchanged. */
    String rewrite(String data) {
        JsonNode node;
        try {
            node = Json.parse(data.getBytes(StandardCharsets.UTF_8));
        } catch (IOException notJson) {
            return data;
        }
        if (!(node instanceof ObjectNode event)) {
            return data;
        }
        if ("response.created".equals(event.path("type").asText())) {
            return null;
        }
        if (event.has("sequence_number") || event.path("type").asText().startsWith("response.")) {
            event.put("sequence_number", nextSequence++);
        }
        if (event.get("response") instanceof ObjectNode response && response.has("id")) {
            response.put("id", responseId);
        }
        return Json.text(event);
    }

    /** The gateway's own frames ({@code event:} and one {@code data:} line each), rewritten the same way. */
    List<byte[]> rewriteFrames(List<byte[]> frames) {
        List<byte[]> out = new ArrayList<>(frames.size());
        for (byte[] frame : frames) {
            StringBuilder rebuilt = new StringBuilder();
            for (String line : new String(frame, StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("data: ")) {
                    String data = rewrite(line.substring(6));
                    if (data == null) {
                        rebuilt.setLength(0);
                        break;
                    }
                    rebuilt.append("data: ").append(data).append('\n');
                } else if (!line.isEmpty()) {
                    rebuilt.append(line).append('\n');
                }
            }
            if (rebuilt.length() > 0) {
                out.add(rebuilt.append('\n').toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
