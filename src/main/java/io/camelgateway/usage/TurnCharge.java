package io.camelgateway.usage;

import io.camelgateway.canonical.Usage;
import java.math.BigDecimal;

/**
 * What one finished client request is charged, over all its attempts.
 *
 * @param usage      the tokens of every attempt that reached a provider's answer
 * @param costUsd    their cost, or null when a model that used tokens has no price (the cost is unknown, never 0)
 * @param usedTokens false when every attempt failed before the provider used a token: nothing to charge
 * @param estimated  some usage was estimated (the provider never reported it all) or the cost is unknown
 */
public record TurnCharge(Usage usage, BigDecimal costUsd, boolean usedTokens, boolean estimated) {

    /** Nothing reached a provider. */
    public static final TurnCharge NOTHING = new TurnCharge(Usage.ZERO, BigDecimal.ZERO, false, false);

    /** The turn's usage could not be priced at all (a fault while recording it): charge what was reserved. */
    public static final TurnCharge UNKNOWN = new TurnCharge(Usage.ZERO, null, true, true);
}
