package io.camelgateway.observe;

/**
 * Told once per finished client request, on the request's thread after the answer went out. Must not block or throw
 * (anything slow is queued); {@link TurnObservers} shields the request from a faulty observer anyway.
 */
@FunctionalInterface
public interface TurnObserver {

    void turnObserved(ObservedTurn turn);
}
