package io.camelgateway.limits;

import java.math.BigDecimal;
import java.time.Instant;

/** What a key or a team has already been charged, as recorded (the ledger): the truth a new budget counter starts from. */
public interface SpendHistory {

    /** The settled cost of the scope's turns created in [from, to), in US dollars (zero when there are none). */
    BigDecimal spentUsd(LimitScope scope, Instant from, Instant to) throws Exception;
}
