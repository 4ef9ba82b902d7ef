package io.camelgateway.limits;

import io.camelgateway.settings.SettingsReader;
import java.time.Clock;

/** Builds the limit check from settings, with the in-process stores (a Redis pair replaces them when configured). */
public final class Limits {

    private Limits() {
    }

    public static LimitCheck inProcess(SettingsReader read, LimitsLookup lookup, PriceEstimate prices, Clock clock) {
        return build(read, lookup, prices, clock, new InProcessBudgetStore(clock), new InProcessRateStore(clock));
    }

    public static LimitCheck build(SettingsReader read, LimitsLookup lookup, PriceEstimate prices, Clock clock,
                                   BudgetStore budgetStore, RateStore rateStore) {
        Budgets budgets = new Budgets(budgetStore, lookup, BudgetSettings.from(read), clock);
        RateLimits rates = new RateLimits(rateStore, lookup, clock);
        return new LimitCheck(budgets, rates, prices, read.number("gateway.budget.default-max-output-tokens"));
    }
}
