package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's prompt-cache semantics, for {@link FakeAnthropicServer#withPromptCache()}. The prompt is the blocks in
 * the order tools → system → messages; a block with {@code cache_control} is a breakpoint (at most 4, else the
 * real API's 400). Each prefix is identified by a chained SHA-256 over the model and the blocks without their
 * {@code cache_control}. At each breakpoint the longest prefix already cached ending at most 20 blocks before it is
 * read; the prefixes up to the later breakpoints are written, if they reach the model's minimum cacheable length.
 * Tokens are counted approximately: a block's JSON (without {@code cache_control}) is one token per 4 characters.
 * Without breakpoints nothing is read or written, as at Anthropic; a change of the {@code thinking} settings
 * invalidates the cached messages.
 */
public final class AnthropicPromptCacheModel {

    /** The usage the server reports for one accepted request. */
    public record CacheUsage(long inputTokens, long cacheCreationInputTokens, long cacheReadInputTokens,
                             int breakpoints) {
        public long totalInputTokens() {
            return inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
        }
    }

    private final PromptPrefixCache cache = new PromptPrefixCache();
    private final List<CacheUsage> usages = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The real API's error text for a request it refuses for its breakpoints, or null. */
    public static String invalid(JsonNode body) {
        int count = 0;
        for (Block block : blocks(body)) {
            if (block.node().has("cache_control")) {
                count++;
                String type = block.node().path("type").asText();
                if (type.equals("thinking") || type.equals("redacted_thinking")) {
                    return block.where() + ".cache_control: Thinking blocks cannot be cached directly";
                }
                JsonNode control = block.node().get("cache_control");
                if (!"ephemeral".equals(control.path("type").asText())) {
                    return block.where() + ".cache_control.type: Input should be 'ephemeral'";
                }
            }
        }
        if (count > 4) {
            return "A maximum of 4 blocks with cache_control may be provided. Found " + count + ".";
        }
        return null;
    }

    /** Reads and writes the cache for an accepted request; the usage it answers with. */
    CacheUsage serve(JsonNode body) {
        List<PromptPrefixCache.Block> blocks = new ArrayList<>();
        List<Integer> breakpoints = new ArrayList<>();
        boolean inMessages = false;
        for (Block block : blocks(body)) {
            ObjectNode plain = block.node().deepCopy();
            plain.remove("cache_control");
            String identity = block.role() + ":" + plain;
            if (!inMessages && block.role().contains("#")) {
                // changing the thinking settings invalidates the cached messages (not tools or system)
                identity = "thinking:" + body.path("thinking") + identity;
                inMessages = true;
            }
            if (block.node().has("cache_control")) {
                breakpoints.add(blocks.size());
            }
            blocks.add(new PromptPrefixCache.Block(identity, plain.toString().length()));
        }
        String model = body.path("model").asText("");
        PromptPrefixCache.Result result = cache.serve(model, blocks, breakpoints,
                PromptPrefixCache.claudeMinimumTokens(model));
        CacheUsage usage = new CacheUsage(result.uncached(), result.written(), result.read(), breakpoints.size());
        usages.add(usage);
        return usage;
    }

    /** The usage of every accepted request, in order. */
    public List<CacheUsage> usages() {
        return List.copyOf(usages);
    }

    private record Block(String role, String where, ObjectNode node) {
    }

    private static List<Block> blocks(JsonNode body) {
        List<Block> out = new ArrayList<>();
        JsonNode tools = body.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            out.add(new Block("tools", "tools." + i, (ObjectNode) tools.get(i)));
        }
        JsonNode system = body.path("system");
        if (system.isTextual()) {
            out.add(new Block("system", "system", textBlock(system.asText())));
        }
        for (int i = 0; system.isArray() && i < system.size(); i++) {
            out.add(new Block("system", "system." + i, (ObjectNode) system.get(i)));
        }
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText() + "#" + i;
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                out.add(new Block(role, "messages." + i + ".content", textBlock(content.asText())));
            }
            for (int j = 0; content.isArray() && j < content.size(); j++) {
                out.add(new Block(role, "messages." + i + ".content." + j, (ObjectNode) content.get(j)));
            }
        }
        return out;
    }

    private static ObjectNode textBlock(String text) {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "text")
                .put("text", text);
    }
}
