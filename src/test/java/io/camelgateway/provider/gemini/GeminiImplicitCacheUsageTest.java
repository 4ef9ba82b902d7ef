package io.camelgateway.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.Usage;
import io.camelgateway.ledger.ModelPrice;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Gemini's implicit caching: {@code cachedContentTokenCount} is a part of {@code promptTokenCount}. */
class GeminiImplicitCacheUsageTest {

    @Test
    void cachedContentTokensAreCachedInputWithinTheInputAndPricedAsSuch() throws Exception {
        Usage usage = GeminiStreamTranslator.usage(new ObjectMapper().readTree("{\"promptTokenCount\":10000,"
                + "\"cachedContentTokenCount\":8000,\"candidatesTokenCount\":50,\"thoughtsTokenCount\":20,"
                + "\"totalTokenCount\":10070}"));
        assertEquals(new Usage(10000, 8000, 0, 70, 20), usage);
        ModelPrice price = new ModelPrice(new BigDecimal("1.25"), new BigDecimal("0.125"), new BigDecimal("1.25"),
                new BigDecimal("10"), new BigDecimal("10"));
        // 2000 uncached × 1.25 + 8000 cached × 0.125 + 70 output × 10, per million
        assertEquals(0, new BigDecimal("0.0042").compareTo(price.cost(usage)), price.cost(usage).toPlainString());
    }
}
