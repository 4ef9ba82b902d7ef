package io.camelgateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.api.RoutingFacts;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.knuddels.jtokkit.Encodings;
import java.util.concurrent.CompletableFuture;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.function.Function;

/**
 * Counts a request's input tokens with o200k_base (OpenAI's tokenizer; for other providers the figure is an
 * estimate). Works on the parsed client body, so the passthrough path needs no canonical decode. Each item, tool
 * and the instructions are cached by content hash: Codex resends the whole history every turn, and only new
 * items are tokenised.
 */
public final class InputTokenCounter {

    private static final long INSTRUCTIONS = 1;
    private static final long ITEM = 2;
    private static final long TOOL = 3;

    /** Loading the o200k vocabulary takes about half a second: done in the background so startup does not wait. */
    private final CompletableFuture<Encoding> encoding = CompletableFuture.supplyAsync(
            () -> Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE), InputTokenCounter::loadInBackground);
    private final Cache<Long, Integer> counts;

    private static void loadInBackground(Runnable task) {
        Thread loader = new Thread(task, "token-vocabulary-loader");
        loader.setDaemon(true);
        loader.start();
    }

    public InputTokenCounter(long maxCachedEntries) {
        this.counts = Caffeine.newBuilder().maximumSize(maxCachedEntries).recordStats().build();
    }

    /** Input tokens of a request: its instructions, history and tool definitions, as its API codec names them. */
    public int count(RoutingFacts facts) {
        int total = 0;
        if (facts.instructions() != null) {
            total += facts.instructions().isTextual() ? cached(facts.instructions(), INSTRUCTIONS, TokenText::ofItem)
                    : items(facts.instructions());
        }
        total += items(facts.items());
        JsonNode tools = facts.tools();
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                total += cached(tool, TOOL, TokenText::ofTool);
            }
        }
        return total;
    }

    /** How many items, tools and instructions were tokenised (cache misses) since start. */
    public long tokenisations() {
        return counts.stats().missCount();
    }

    private int items(JsonNode input) {
        if (input == null) {
            return 0;
        }
        if (input.isTextual()) {
            return cached(input, ITEM, TokenText::ofItem);
        }
        int total = 0;
        for (JsonNode item : input) {
            total += cached(item, ITEM, TokenText::ofItem);
        }
        return total;
    }

    private int cached(JsonNode node, long kind, Function<JsonNode, TokenText> text) {
        return counts.get(NodeFingerprint.of(node, kind), k -> tokens(text.apply(node)));
    }

    private int tokens(TokenText text) {
        return encoding.join().countTokensOrdinary(text.text()) + text.fixedTokens();
    }
}
