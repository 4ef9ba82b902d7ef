package io.camelgateway.limits;

/** A budget at or past the warning threshold: {@code percent} of it is spent or reserved. */
public record BudgetWarning(LimitScope scope, BudgetPeriod period, int percent) {

    /** {@code key:<id>/day 85%}, one entry of the {@code x-gateway-budget-warning} header. */
    public String headerValue() {
        return scope.storeKey() + "/" + period.label() + " " + percent + "%";
    }
}
