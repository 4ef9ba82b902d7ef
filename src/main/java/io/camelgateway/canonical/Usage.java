package io.camelgateway.canonical;

/**
 * Token usage. {@code inputTokens} counts every input token, cached ones included (OpenAI's convention);
 * provider codecs whose API reports cache reads separately add them in.
 */
public record Usage(long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens,
                    long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        if (other == null) {
            return this;
        }
        return new Usage(inputTokens + other.inputTokens, cachedInputTokens + other.cachedInputTokens,
                cacheWriteTokens + other.cacheWriteTokens, outputTokens + other.outputTokens,
                reasoningTokens + other.reasoningTokens);
    }
}
