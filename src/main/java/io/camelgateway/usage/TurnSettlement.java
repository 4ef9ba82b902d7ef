package io.camelgateway.usage;

import org.apache.camel.Exchange;

/** Told once per client request, after the ledger priced it, what the request is charged (budgets settle on it). */
@FunctionalInterface
public interface TurnSettlement {

    void turnCharged(Exchange exchange, TurnCharge charge);
}
