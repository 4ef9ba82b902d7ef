package io.camelgateway.provider.promptcache;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How the gateway places provider prompt-cache breakpoints (Anthropic {@code cache_control}, Bedrock
 * {@code cachePoint}) on translated turns where the client set none of its own.
 *
 * @param auto            place breakpoints automatically ({@code gateway.prompt-cache.auto})
 * @param ttl             {@code 5m} (the provider default, sent as nothing) or {@code 1h} (Anthropic only)
 * @param minTokensByName minimum cacheable prompt length by model-name fragment, checked before the built-in table
 */
public record PromptCachePolicy(boolean auto, String ttl, Map<String, Integer> minTokensByName) {

    /** No automatic breakpoints (codecs built without settings, as in unit tests of other behaviour). */
    public static final PromptCachePolicy OFF = new PromptCachePolicy(false, "5m", Map.of());
    /** Automatic breakpoints with the provider defaults. */
    public static final PromptCachePolicy AUTO = new PromptCachePolicy(true, "5m", Map.of());

    /** Anthropic and Bedrock accept at most this many breakpoints in one request. */
    public static final int MAX_BREAKPOINTS = 4;

    public PromptCachePolicy {
        ttl = ttl == null || ttl.isBlank() ? "5m" : ttl.trim().toLowerCase(Locale.ROOT);
        if (!ttl.equals("5m") && !ttl.equals("1h")) {
            throw new IllegalArgumentException("gateway.prompt-cache.ttl must be 5m or 1h, not " + ttl);
        }
        Map<String, Integer> lowered = new LinkedHashMap<>();
        minTokensByName = minTokensByName == null ? Map.of() : minTokensByName;
        minTokensByName.forEach((name, tokens) -> lowered.put(name.toLowerCase(Locale.ROOT), tokens));
        minTokensByName = Map.copyOf(lowered);
    }

    /** The model's minimum cacheable prompt length in tokens: a configured override, else {@link CacheMinimums}. */
    public int minTokens(String model) {
        String name = model == null ? "" : model.toLowerCase(Locale.ROOT);
        String best = null;
        for (String fragment : minTokensByName.keySet()) {
            if (name.contains(fragment) && (best == null || fragment.length() > best.length())) {
                best = fragment;
            }
        }
        return best != null ? minTokensByName.get(best) : CacheMinimums.of(name);
    }

    public boolean longTtl() {
        return ttl.equals("1h");
    }
}
