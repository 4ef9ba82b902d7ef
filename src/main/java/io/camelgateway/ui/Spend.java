package io.camelgateway.ui;

/** Turns, cost and tokens summed for one developer, team, model or tier. Mutable; only the window's drainer writes. */
final class Spend {

    long turns;
    double costUsd;
    long unpricedTurns;
    long inputTokens;
    long outputTokens;

    void add(long turns, Double cost, long input, long output) {
        this.turns += turns;
        if (cost == null) {
            unpricedTurns += turns;
        } else {
            costUsd += cost;
        }
        inputTokens += input;
        outputTokens += output;
    }

    void addAll(Spend other) {
        turns += other.turns;
        costUsd += other.costUsd;
        unpricedTurns += other.unpricedTurns;
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
    }
}
