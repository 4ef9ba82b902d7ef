package io.camelgateway.ledger;

import io.camelgateway.canonical.Usage;
import java.math.BigDecimal;
import java.util.List;

/**
 * One client request summed over its attempts: the last attempt's outcome and route, every attempt's tokens and
 * cost. The cost is null when any attempt's model had no price (a partial sum would read as a real figure).
 * {@code flagshipCost}: the same tokens at the flagship model's price, for the savings report.
 */
public record TurnSummary(LedgerRow last, int attempts, Usage usage, boolean usageEstimated, BigDecimal cost,
                          BigDecimal flagshipCost) {

    public static TurnSummary of(List<LedgerRow> rows, PriceTable prices) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a turn has at least one attempt");
        }
        Usage usage = Usage.ZERO;
        boolean estimated = false;
        BigDecimal cost = BigDecimal.ZERO;
        for (LedgerRow row : rows) {
            usage = usage.plus(row.usage());
            estimated |= row.usageEstimated();
            cost = cost == null || row.cost() == null ? null : cost.add(row.cost());
        }
        return new TurnSummary(rows.get(rows.size() - 1), rows.size(), usage, estimated, cost,
                prices.flagshipCost(usage));
    }
}
