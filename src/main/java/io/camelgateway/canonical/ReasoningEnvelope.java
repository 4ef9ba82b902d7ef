package io.camelgateway.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Carries a non-OpenAI provider's signed reasoning blocks (Anthropic thinking with signature, redacted thinking)
 * inside a Responses reasoning item's {@code encrypted_content}, tagged with the protocol that made them, so the
 * next turn can restore them in place for that protocol and drop them for any other.
 */
public final class ReasoningEnvelope {

    private static final String PREFIX = "gwr1.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReasoningEnvelope() {
    }

    public static String wrap(String protocol, JsonNode blocks) {
        try {
            byte[] json = JSON.writeValueAsBytes(blocks);
            return PREFIX + protocol + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reasoning blocks are not serialisable", e);
        }
    }

    /** The blocks carried for {@code protocol}, or null when the content is absent, foreign or damaged. */
    public static JsonNode unwrap(String protocol, String encryptedContent) {
        String tag = PREFIX + protocol + ".";
        if (encryptedContent == null || !encryptedContent.startsWith(tag)) {
            return null;
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(encryptedContent.substring(tag.length()));
            return JSON.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            return null;
        }
    }

    /** True when the content was wrapped by this gateway (for any protocol), i.e. OpenAI cannot read it. */
    public static boolean isGatewayEnvelope(String encryptedContent) {
        return encryptedContent != null && encryptedContent.startsWith(PREFIX);
    }
}
