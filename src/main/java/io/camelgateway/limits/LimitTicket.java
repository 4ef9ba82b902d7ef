package io.camelgateway.limits;

import java.math.BigDecimal;

/** What one request holds against budgets and rate windows between {@link LimitCheck#before} and its settling. */
public record LimitTicket(Budgets.Reservation reservation, RateLimits.Ticket rates, BigDecimal estimateUsd) {
}
