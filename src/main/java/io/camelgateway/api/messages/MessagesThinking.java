package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Thinking both ways. Anthropic's own signed blocks travel in a {@link ReasoningEnvelope} tagged {@code anthropic},
 * so they return verbatim to Anthropic and no other provider reads them; another provider's reasoning reaches the
 * client as a thinking block whose signature is an envelope tagged {@code openai} around that provider's opaque
 * content, so it comes back to the gateway, which drops it before Anthropic and restores it for the others.
 * Also maps {@code thinking} / {@code output_config.effort} to a reasoning effort.
 */
final class MessagesThinking {

    /** The protocol tag of Anthropic's own blocks (the Anthropic provider codec restores these). */
    static final String ANTHROPIC = "anthropic";
    /** The tag the gateway's signature carries for every other provider's opaque reasoning. */
    static final String FOREIGN = "openai";

    private MessagesThinking() {
    }

    /** A client {@code thinking} or {@code redacted_thinking} block → canonical reasoning. */
    static Reasoning decode(JsonNode block) {
        String type = Json.str(block, "type");
        String text = "thinking".equals(type) ? block.path("thinking").asText("") : "";
        String signature = Json.str(block, "signature");
        List<String> summary = text.isEmpty() ? List.of() : List.of(text);
        if ("thinking".equals(type) && ReasoningEnvelope.isGatewayEnvelope(signature)) {
            JsonNode carried = ReasoningEnvelope.unwrap(FOREIGN, signature);
            String encrypted = carried == null ? signature : carried.asText("");
            return new Reasoning(null, summary, List.of(), encrypted.isEmpty() ? null : encrypted);
        }
        ObjectNode copy = ((ObjectNode) block).deepCopy();
        copy.remove("cache_control");
        ArrayNode blocks = Json.array().add(copy);
        return new Reasoning(null, summary, List.of(), ReasoningEnvelope.wrap(ANTHROPIC, blocks));
    }

    /** Anthropic's own blocks carried by a reasoning item, or null when it came from another provider. */
    static List<ObjectNode> anthropicBlocks(Reasoning reasoning) {
        JsonNode blocks = ReasoningEnvelope.unwrap(ANTHROPIC, reasoning.encryptedContent());
        if (blocks == null || !blocks.isArray()) {
            return null;
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode block : blocks) {
            if (block.isObject()) {
                out.add((ObjectNode) block);
            }
        }
        return out;
    }

    /** The signature given to another provider's reasoning: its opaque content in an {@code openai} envelope. */
    static String foreignSignature(String encryptedContent) {
        return ReasoningEnvelope.wrap(FOREIGN, TextNode.valueOf(encryptedContent == null ? "" : encryptedContent));
    }

    /** The thinking text of a reasoning item: its summary parts (else its full text) joined by blank lines. */
    static String text(Reasoning reasoning) {
        List<String> parts = reasoning.summary().isEmpty() ? reasoning.content() : reasoning.summary();
        return String.join("\n\n", parts.stream().filter(p -> !p.isEmpty()).toList());
    }

    /**
     * The reasoning the client asked for: {@code output_config.effort} when given, else from {@code thinking}
     * (adaptive: medium; enabled: by budget, up to 4096 low, up to 16384 medium, above that high; disabled: none).
     * Null when the request says nothing about reasoning.
     */
    static ReasoningEffort effort(JsonNode body) {
        String effort = effortName(body);
        if (effort == null) {
            return null;
        }
        String display = body.path("thinking").path("display").asText("");
        return new ReasoningEffort(effort, "none".equals(effort) || "omitted".equals(display) ? null : "auto");
    }

    /** The effort word alone ({@code low}…{@code xhigh}, {@code none}), or null. */
    static String effortName(JsonNode body) {
        JsonNode thinking = body.path("thinking");
        String type = thinking.path("type").asText("");
        if ("disabled".equals(type)) {
            return "none";
        }
        String stated = body.path("output_config").path("effort").asText("");
        if (!stated.isEmpty()) {
            return "max".equals(stated) ? "xhigh" : stated;
        }
        if ("adaptive".equals(type)) {
            return "medium";
        }
        if ("enabled".equals(type)) {
            long budget = thinking.path("budget_tokens").asLong(0);
            if (budget <= 0) {
                return "medium";
            }
            return budget <= 4096 ? "low" : budget <= 16384 ? "medium" : "high";
        }
        return null;
    }
}
