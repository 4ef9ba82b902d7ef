package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gemini's {@code thoughtSignature}s as they travel in a reasoning item's {@code encrypted_content}: a
 * {@link ReasoningEnvelope} holding one entry per signed part, saying which part it sat on so the next request puts
 * it back on that part and on no other: a function call (by call id), the text just before the reasoning item, or
 * a thought part (with its text).
 */
final class GeminiSignatures {

    /** Where a signature sat. */
    enum On { FUNCTION_CALL, TEXT, EMPTY_TEXT, THOUGHT }

    /** One signed part: {@code callId} for a function call, {@code text} for a thought. */
    record Signed(On on, String signature, String callId, String text) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeminiSignatures() {
    }

    static String wrap(String protocol, List<Signed> signed) {
        ArrayNode entries = NODES.arrayNode();
        for (Signed s : signed) {
            ObjectNode entry = entries.addObject();
            entry.put("on", s.on().name().toLowerCase(Locale.ROOT));
            entry.put("thoughtSignature", s.signature());
            if (s.callId() != null) {
                entry.put("callId", s.callId());
            }
            if (s.text() != null) {
                entry.put("text", s.text());
            }
        }
        return ReasoningEnvelope.wrap(protocol, entries);
    }

    /** The signed parts carried for {@code protocol}; empty when the content is absent, foreign or damaged. */
    static List<Signed> unwrap(String protocol, String encryptedContent) {
        JsonNode entries = ReasoningEnvelope.unwrap(protocol, encryptedContent);
        List<Signed> out = new ArrayList<>();
        if (entries == null || !entries.isArray()) {
            return out;
        }
        for (JsonNode entry : entries) {
            String signature = entry.path("thoughtSignature").asText("");
            On on = on(entry.path("on").asText(""));
            if (!signature.isEmpty() && on != null) {
                out.add(new Signed(on, signature, entry.path("callId").asText(null), entry.path("text").asText(null)));
            }
        }
        return out;
    }

    private static On on(String name) {
        for (On on : On.values()) {
            if (on.name().equalsIgnoreCase(name)) {
                return on;
            }
        }
        return null;
    }
}
