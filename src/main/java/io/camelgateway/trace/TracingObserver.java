package io.camelgateway.trace;

import io.camelgateway.observe.ObservedTurn;
import io.camelgateway.observe.TurnObserver;

/**
 * Adds the priced turn (usage, cost, finish reason, Codex ids…) to the request's server span. The ledger tells it on
 * the request's thread inside {@link GatewayTracing#observing}; a turn told elsewhere has no span to add to.
 */
public final class TracingObserver implements TurnObserver {

    @Override
    public void turnObserved(ObservedTurn turn) {
        GatewayTracing.observed().observed(turn);
    }
}
