package io.camelgateway.limits;

import java.math.BigDecimal;

/** The price of a call before it is made: input tokens and the most output it may produce, at the model's price. */
@FunctionalInterface
public interface PriceEstimate {

    /** @return the cost in US dollars, or null when the model's price is unknown */
    BigDecimal estimateUsd(String provider, String model, long inputTokens, long maxOutputTokens);
}
