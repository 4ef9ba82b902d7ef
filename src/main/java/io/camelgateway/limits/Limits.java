package io.camelgateway.limits;

import io.camelgateway.settings.SettingsReader;
import io.camelgateway.shared.SharedCounters;
import java.time.Clock;

/** Builds the limit check from settings over the counters (in this process, or shared through Redis). */
public final class Limits {

    private Limits() {
    }

    /** {@code spent}: where budget counters start from in each period (the ledger), or null (they start at zero). */
    public static LimitCheck build(SettingsReader read, LimitsLookup lookup, PriceEstimate prices, Clock clock,
                                   SharedCounters counters, SpendHistory spent) {
        Budgets budgets = new Budgets(counters, lookup, BudgetSettings.from(read), clock, spent);
        RateLimits rates = new RateLimits(counters, lookup);
        return new LimitCheck(budgets, rates, prices, read.number("gateway.budget.default-max-output-tokens"));
    }
}
