package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Bedrock's prompt-cache semantics for Converse requests (Claude models), used by a test's
 * {@link FakeBedrockServer.Deferred} reply: the prompt is the blocks of {@code toolConfig.tools} → {@code system} →
 * {@code messages}; a {@code cachePoint} block marks the end of the prefix before it (at most 4). Reads, writes and
 * token counts as in {@link PromptPrefixCache}; a change of the thinking settings invalidates the cached messages.
 */
public final class BedrockPromptCacheModel {

    /** The usage Converse reports: {@code inputTokens} without the cache reads and writes. */
    public record CacheUsage(long inputTokens, long cacheWriteInputTokens, long cacheReadInputTokens,
                             int cachePoints) {
        public long totalInputTokens() {
            return inputTokens + cacheWriteInputTokens + cacheReadInputTokens;
        }
    }

    private final PromptPrefixCache cache = new PromptPrefixCache();
    private final List<CacheUsage> usages = new CopyOnWriteArrayList<>();

    /** Reads and writes the cache for a request to {@code modelId}; the usage to answer with. */
    public CacheUsage serve(String modelId, JsonNode body) {
        List<PromptPrefixCache.Block> blocks = new ArrayList<>();
        List<Integer> points = new ArrayList<>();
        add(body.path("toolConfig").path("tools"), "tools", "", blocks, points);
        add(body.path("system"), "system", "", blocks, points);
        JsonNode messages = body.path("messages");
        String thinking = "thinking:" + body.path("additionalModelRequestFields").path("thinking");
        for (int i = 0; i < messages.size(); i++) {
            add(messages.get(i).path("content"), messages.get(i).path("role").asText() + "#" + i,
                    i == 0 ? thinking : "", blocks, points);
        }
        if (points.size() > 4) {
            throw new IllegalArgumentException("A maximum of 4 cachePoint blocks may be provided, found " + points.size());
        }
        PromptPrefixCache.Result result = cache.serve(modelId, blocks, points,
                PromptPrefixCache.claudeMinimumTokens(modelId));
        CacheUsage usage = new CacheUsage(result.uncached(), result.written(), result.read(), points.size());
        usages.add(usage);
        return usage;
    }

    public List<CacheUsage> usages() {
        return List.copyOf(usages);
    }

    private static void add(JsonNode array, String role, String seed, List<PromptPrefixCache.Block> blocks,
                            List<Integer> points) {
        boolean first = true;
        for (JsonNode block : array) {
            if (block.has("cachePoint")) {
                if (!blocks.isEmpty()) {
                    points.add(blocks.size() - 1);
                }
                continue;
            }
            String identity = (first ? seed : "") + role + ":" + block;
            first = false;
            blocks.add(new PromptPrefixCache.Block(identity, block.toString().length()));
        }
    }
}
