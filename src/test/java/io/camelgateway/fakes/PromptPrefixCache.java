package io.camelgateway.fakes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The prompt-cache bookkeeping Anthropic and Bedrock share: a prompt is a list of blocks, each identified by a
 * chained SHA-256 of everything up to it; at each breakpoint the longest prefix already cached ending at most
 * {@value #LOOKBACK_BLOCKS} blocks before it is read; the prefixes up to later breakpoints are written if they reach
 * the minimum length. Tokens are approximate: four characters of a block's JSON to a token.
 */
final class PromptPrefixCache {

    static final int LOOKBACK_BLOCKS = 20;
    static final int CHARS_PER_TOKEN = 4;

    /** One block: the text its identity is made of, and its length in characters. */
    record Block(String identity, long chars) {
    }

    /** What one request read, wrote and paid in full, in tokens. */
    record Result(long uncached, long written, long read) {
    }

    private final Set<String> cached = ConcurrentHashMap.newKeySet();

    Result serve(String seed, List<Block> blocks, List<Integer> breakpoints, long minTokens) {
        String[] hashes = new String[blocks.size()];
        long[] tokens = new long[blocks.size()];
        MessageDigest digest = sha256();
        digest.update(seed.getBytes(StandardCharsets.UTF_8));
        long chars = 0;
        for (int i = 0; i < blocks.size(); i++) {
            digest.update(blocks.get(i).identity().getBytes(StandardCharsets.UTF_8));
            hashes[i] = Base64.getEncoder().encodeToString(copy(digest).digest());
            chars += blocks.get(i).chars();
            tokens[i] = chars / CHARS_PER_TOKEN;
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
        long written = writtenUpTo - read;
        return new Result(total - read - written, written, read);
    }

    /** Anthropic's documented minimum cacheable prompt length per Claude model (Bedrock ids included). */
    static long claudeMinimumTokens(String model) {
        String name = model.toLowerCase(java.util.Locale.ROOT);
        if (name.matches(".*(opus-4-[5-9]|haiku-4-5).*")) {
            return 4096;
        }
        if (name.contains("haiku") || name.contains("sonnet-4-6")) {
            return 2048;
        }
        return 1024;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
