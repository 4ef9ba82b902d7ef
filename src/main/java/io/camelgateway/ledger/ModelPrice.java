package io.camelgateway.ledger;

import io.camelgateway.canonical.Usage;
import java.math.BigDecimal;

/** One model's list prices in USD per million tokens. */
public record ModelPrice(BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal output,
                         BigDecimal reasoning) {

    /**
     * The exact cost of {@code usage}. Input is split into uncached, cache reads and cache writes (the canonical
     * input counts all three); reasoning tokens are part of the output count and priced apart from the rest.
     */
    public BigDecimal cost(Usage usage) {
        long uncachedInput = Math.max(0, usage.inputTokens() - usage.cachedInputTokens() - usage.cacheWriteTokens());
        long plainOutput = Math.max(0, usage.outputTokens() - usage.reasoningTokens());
        BigDecimal perMillion = input.multiply(BigDecimal.valueOf(uncachedInput))
                .add(cachedInput.multiply(BigDecimal.valueOf(usage.cachedInputTokens())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .add(output.multiply(BigDecimal.valueOf(plainOutput)))
                .add(reasoning.multiply(BigDecimal.valueOf(usage.reasoningTokens())));
        return perMillion.movePointLeft(6).stripTrailingZeros();
    }
}
