package io.camelgateway.trace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.observe.ObservedTurn;

/** One request's trace; {@link #OFF} (every method a no-op) when tracing is off. */
public interface TurnTrace {

    TurnTrace OFF = new TurnTrace() { };

    /** A child step of the request's span; close it when the step is over. */
    default TraceStep step(String name) {
        return TraceStep.NOOP;
    }

    /** The client's body was read: the request's model and parameters (content only when capture is on). */
    default void decoded(ObjectNode body, String model) {
    }

    /** The router route is about to choose a model; {@link #routeDecided} ends the routing step. */
    default void routingStarted() {
    }

    /** The rule that fired ({@code direct} when the model was named) and the model it chose. */
    default void routeDecided(String rule, String model) {
    }

    /** A CLIENT span for one upstream attempt (the caller ends it). */
    default AttemptTrace attempt(String provider, String upstreamModel, String url, int fallbackPosition,
                                 String retryReason) {
        return AttemptTrace.NOOP;
    }

    /** What the turn observers are told when the request has been priced. */
    default void observed(ObservedTurn turn) {
    }
}
