package io.camelgateway.limits;

/** The answer to a budget reservation: granted (with any warnings), or refused naming the budget that refused. */
public sealed interface BudgetDecision {

    record Granted(Budgets.Reservation reservation) implements BudgetDecision {
    }

    record Refused(BudgetRefusal refusal) implements BudgetDecision {
    }
}
