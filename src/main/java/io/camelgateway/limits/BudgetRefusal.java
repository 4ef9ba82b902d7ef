package io.camelgateway.limits;

import java.math.BigDecimal;
import java.time.Instant;

/** A refused reservation: whose budget, which period, how full, when it resets and whom to ask. */
public record BudgetRefusal(LimitScope scope, BudgetPeriod period, BigDecimal budgetUsd, int percentUsed,
                            Instant resetsAt, String contact) {
}
