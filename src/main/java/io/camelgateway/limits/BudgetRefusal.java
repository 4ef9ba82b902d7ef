package io.camelgateway.limits;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A refused reservation: whose budget, which period, how full, when it resets and whom to ask; {@code requestUsd} is
 * what the refused request would have reserved (null when not known).
 */
public record BudgetRefusal(LimitScope scope, BudgetPeriod period, BigDecimal budgetUsd, int percentUsed,
                            Instant resetsAt, String contact, BigDecimal requestUsd) {

    public BudgetRefusal(LimitScope scope, BudgetPeriod period, BigDecimal budgetUsd, int percentUsed,
                         Instant resetsAt, String contact) {
        this(scope, period, budgetUsd, percentUsed, resetsAt, contact, null);
    }

    /** Refused although less than the whole budget is spent or reserved: this request's estimate does not fit. */
    public boolean requestDoesNotFit() {
        return percentUsed < 100 && requestUsd != null;
    }
}
