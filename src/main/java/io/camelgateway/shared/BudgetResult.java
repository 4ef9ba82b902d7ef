package io.camelgateway.shared;

/**
 * The state of one budget (scope + period) after an operation, in micro-dollars. {@code allowed} is false only for a
 * refused reservation; for settle and release it says whether the reservation was still known (not yet settled,
 * released or expired).
 */
public record BudgetResult(boolean allowed, long spentMicroUsd, long reservedMicroUsd) {

    public long committedMicroUsd() {
        return spentMicroUsd + reservedMicroUsd;
    }
}
