package io.camelgateway.keys;

import java.time.Instant;

/** A team: the budget and limits shared by all its keys (either may be null). */
public record TeamRecord(String name, Budget budget, Limits limits, Instant createdAt) {
}
