package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

    public static final int LOOKBACK_BLOCKS = 20;
    public static final int CHARS_PER_TOKEN = 4;

    /** The usage the server reports for one accepted request. */
    public record CacheUsage(long inputTokens, long cacheCreationInputTokens, long cacheReadInputTokens,
                             int breakpoints) {
        public long totalInputTokens() {
            return inputTokens + cacheCreationInputTokens + cacheReadInputTokens;
        }
    }

    private final Set<String> cached = ConcurrentHashMap.newKeySet();
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
        List<Block> blocks = blocks(body);
        String model = body.path("model").asText("");
        long minTokens = minimumTokens(model);
        String[] hashes = new String[blocks.size()];
        long[] tokens = new long[blocks.size()];
        MessageDigest digest = sha256();
        digest.update(model.getBytes(StandardCharsets.UTF_8));
        long chars = 0;
        List<Integer> breakpoints = new ArrayList<>();
        boolean inMessages = false;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (!inMessages && block.role().contains("#")) {
                // changing the thinking settings invalidates the cached messages (not tools or system)
                digest.update(("thinking:" + body.path("thinking")).getBytes(StandardCharsets.UTF_8));
                inMessages = true;
            }
            ObjectNode plain = block.node().deepCopy();
            plain.remove("cache_control");
            String text = block.role() + ":" + plain;
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            hashes[i] = Base64.getEncoder().encodeToString(cloneDigest(digest).digest());
            chars += plain.toString().length();
            tokens[i] = chars / CHARS_PER_TOKEN;
            if (block.node().has("cache_control")) {
                breakpoints.add(i);
            }
        }
        long total = blocks.isEmpty() ? 0 : tokens[blocks.size() - 1];
        int readEnd = -1;
        for (int breakpoint : breakpoints) {
            for (int k = breakpoint; k >= Math.max(0, breakpoint - LOOKBACK_BLOCKS); k--) {
                if (cached.contains(hashes[k])) {
                    readEnd = Math.max(readEnd, k);
                    break;
                }
            }
        }
        long read = readEnd < 0 ? 0 : tokens[readEnd];
        long writtenUpTo = read;
        for (int breakpoint : breakpoints) {
            if (breakpoint > readEnd && tokens[breakpoint] >= minTokens) {
                cached.add(hashes[breakpoint]);
                writtenUpTo = Math.max(writtenUpTo, tokens[breakpoint]);
            }
        }
        long creation = writtenUpTo - read;
        CacheUsage usage = new CacheUsage(total - read - creation, creation, read, breakpoints.size());
        usages.add(usage);
        return usage;
    }

    /** The usage of every accepted request, in order. */
    public List<CacheUsage> usages() {
        return List.copyOf(usages);
    }

    /** Anthropic's documented minimum cacheable prompt length per model. */
    static long minimumTokens(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        if (name.matches(".*(opus-4-[5-9]|haiku-4-5).*")) {
            return 4096;
        }
        if (name.contains("haiku") || name.contains("sonnet-4-6")) {
            return 2048;
        }
        return 1024;
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest cloneDigest(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
