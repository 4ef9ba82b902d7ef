package io.camelgateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** A 64-bit content hash of a JSON tree: the cache key for an item's token count. */
final class NodeFingerprint {

    private static final long PRIME = 0x100000001b3L;

    private NodeFingerprint() {
    }

    static long of(JsonNode node, long seed) {
        return mix(node, seed ^ 0xcbf29ce484222325L);
    }

    private static long mix(JsonNode node, long h) {
        if (node == null) {
            return h * PRIME;
        }
        if (node.isObject()) {
            h = (h ^ '{') * PRIME;
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                h = mix(field.getKey(), h);
                h = mix(field.getValue(), h);
            }
            return (h ^ '}') * PRIME;
        }
        if (node.isArray()) {
            h = (h ^ '[') * PRIME;
            for (JsonNode child : node) {
                h = mix(child, h);
            }
            return (h ^ ']') * PRIME;
        }
        return mix(node.isTextual() ? node.textValue() : node.toString(), (h ^ node.getNodeType().ordinal()) * PRIME);
    }

    private static long mix(String text, long h) {
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * PRIME;
        }
        return (h ^ text.length()) * PRIME;
    }
}
