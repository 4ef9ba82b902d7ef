package io.camelgateway.provider.promptcache;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A cheap estimate of a prompt prefix in tokens, to leave out breakpoints the provider would not cache anyway: the
 * characters of a block's field names and values, four to a token (no serialisation, no tokenizer).
 */
public final class PrefixLength {

    public static final int CHARS_PER_TOKEN = 4;

    private PrefixLength() {
    }

    /** The characters of {@code node}'s names and values. */
    public static long chars(JsonNode node) {
        if (node == null) {
            return 0;
        }
        if (node.isTextual()) {
            return node.textValue().length();
        }
        if (node.isValueNode()) {
            return 4;
        }
        long total = 0;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                total += field.getKey().length() + chars(field.getValue());
            }
        } else {
            for (JsonNode element : node) {
                total += chars(element);
            }
        }
        return total;
    }

    public static long tokens(long chars) {
        return chars / CHARS_PER_TOKEN;
    }
}
