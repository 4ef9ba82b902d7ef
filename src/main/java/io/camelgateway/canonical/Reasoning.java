package io.camelgateway.canonical;

import java.util.List;

/**
 * Model reasoning. {@code encryptedContent} is opaque to everyone but the provider that made it;
 * see {@link ReasoningEnvelope} for how non-OpenAI providers' signed blocks are carried in it.
 */
public record Reasoning(String id, List<String> summary, List<String> content, String encryptedContent) implements Item {

    public Reasoning {
        summary = summary == null ? List.of() : List.copyOf(summary);
        content = content == null ? List.of() : List.copyOf(content);
    }

    @Override
    public String type() {
        return "reasoning";
    }
}
