package io.camelgateway.models;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fallback chains declared per model or alias ({@code gateway.fallback.claude-opus = anthropic/claude-opus-4-7,
 * openai/gpt-5.1}): the models to try, in order, when the previous one fails before streaming began.
 */
public final class FallbackChains {

    private final Map<String, List<String>> chains;

    public FallbackChains(Map<String, String> declared) {
        this.chains = new java.util.HashMap<>();
        declared.forEach((model, list) -> {
            List<String> models = new ArrayList<>();
            for (String entry : list.split(",")) {
                if (!entry.isBlank()) {
                    models.add(entry.trim());
                }
            }
            chains.put(model, List.copyOf(models));
        });
    }

    /** {@code model} followed by its declared fallbacks, without repeats. */
    public List<String> chainFor(String model) {
        Set<String> chain = new LinkedHashSet<>();
        chain.add(model);
        chain.addAll(chains.getOrDefault(model, List.of()));
        return List.copyOf(chain);
    }
}
