package io.camelgateway.observe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every {@link TurnObserver} of the gateway (access log, metrics, traces, dashboard), each told in turn. */
public final class TurnObservers implements TurnObserver {

    private static final Logger LOG = LoggerFactory.getLogger(TurnObservers.class);

    private final List<TurnObserver> observers = new CopyOnWriteArrayList<>();

    public TurnObservers add(TurnObserver observer) {
        observers.add(observer);
        return this;
    }

    @Override
    public void turnObserved(ObservedTurn turn) {
        for (TurnObserver observer : observers) {
            try {
                observer.turnObserved(turn);
            } catch (RuntimeException e) {
                // the client has its answer; an observer's fault must not reach it
                LOG.warn("A turn observer failed: {}", e.toString());
            }
        }
    }
}
