package io.camelgateway.provider.promptcache;

import java.util.List;
import java.util.Locale;

/**
 * Anthropic's minimum cacheable prompt length per Claude model (a shorter prefix is silently not cached), as its
 * prompt-caching documentation lists it; the same models on Vertex AI and Bedrock. Unknown models get 1024, the
 * lowest minimum: a breakpoint placed too early costs nothing, one left out loses the cache.
 */
final class CacheMinimums {

    static final int DEFAULT = 1024;

    private record Entry(String fragment, int tokens) {
    }

    // the first fragment the model name contains wins: newer, more specific names first
    private static final List<Entry> TABLE = List.of(
            new Entry("opus-4-7", 4096), new Entry("opus-4-6", 4096), new Entry("opus-4-5", 4096),
            new Entry("haiku-4-5", 4096),
            new Entry("sonnet-4-6", 2048),
            new Entry("haiku", 2048),
            new Entry("sonnet", 1024), new Entry("opus", 1024));

    private CacheMinimums() {
    }

    static int of(String model) {
        String name = model == null ? "" : model.toLowerCase(Locale.ROOT).replace('.', '-');
        for (Entry entry : TABLE) {
            if (name.contains(entry.fragment())) {
                return entry.tokens();
            }
        }
        return DEFAULT;
    }
}
