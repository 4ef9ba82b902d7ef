package io.camelgateway.usage;

import org.apache.camel.Exchange;

/** Told once per client request, after its last attempt, with every attempt's usage. Must not block. */
public interface TurnRecorder {

    TurnRecorder NONE = (exchange, turn) -> { };

    void turnEnded(Exchange exchange, TurnUsage turn);
}
