package io.camelgateway.limits;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limits configured for one scope. A missing budget period or a rate of 0 means no limit there.
 *
 * @param budgetsUsd       budget per period, in US dollars
 * @param requestsPerMinute 0 for no limit
 * @param tokensPerMinute   0 for no limit
 */
public record ScopeLimits(Map<BudgetPeriod, BigDecimal> budgetsUsd, long requestsPerMinute, long tokensPerMinute) {

    public static final ScopeLimits NONE = new ScopeLimits(Map.of(), 0, 0);

    public ScopeLimits {
        EnumMap<BudgetPeriod, BigDecimal> copy = new EnumMap<>(BudgetPeriod.class);
        budgetsUsd.forEach((period, usd) -> {
            if (usd != null && usd.signum() > 0) {
                copy.put(period, usd);
            }
        });
        budgetsUsd = Map.copyOf(copy);
        if (requestsPerMinute < 0 || tokensPerMinute < 0) {
            throw new IllegalArgumentException("rate limits cannot be negative");
        }
    }
}
