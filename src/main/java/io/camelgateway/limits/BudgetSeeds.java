package io.camelgateway.limits;

import io.camelgateway.shared.SharedCounters;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts each (scope, period) budget counter from what the ledger already holds for that period, so a restart or a
 * budget set mid-period does not begin at zero. One ledger query per (scope, period) in this process: the first
 * request for it waits for the query (bounded by the database's timeouts), later ones find it done. The query counts
 * turns created before this process first needed the counter, so a seed retried after a failed query does not count
 * again what this process settled meanwhile. The counters take a seed once per budget (the first replica's wins).
 * A failed query leaves the counter as it is (one WARN line) and is tried again on a request after {@link #RETRY_AFTER}.
 */
final class BudgetSeeds {

    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BudgetSeeds.class);

    private final SharedCounters counters;
    private final SpendHistory history;
    private final Clock clock;
    private final Map<String, Seed> seeds = new ConcurrentHashMap<>();

    /** {@code history} null: the ledger is off, counters start at zero. */
    BudgetSeeds(SharedCounters counters, SpendHistory history, Clock clock) {
        this.counters = counters;
        this.history = history;
        this.clock = clock;
    }

    void ensureSeeded(LimitScope scope, BudgetPeriod.PeriodWindow window, String periodName) {
        if (history == null) {
            return;
        }
        String name = scope.storeKey() + ":" + periodName;
        Seed seed = seeds.get(name);
        if (seed == null) {
            forgetEndedPeriods();
            seed = seeds.computeIfAbsent(name, key -> new Seed(window.end(), clock.instant()));
        }
        if (seed.done) {
            return;
        }
        synchronized (seed) {
            Instant now = clock.instant();
            if (seed.done || now.isBefore(seed.notBefore)) {
                return;
            }
            try {
                BigDecimal spent = history.spentUsd(scope, window.start(), seed.countingSince);
                counters.seedSpent(scope.storeKey(), periodName, Budgets.toMicros(spent));
                seed.done = true;
            } catch (Exception e) {
                seed.notBefore = now.plus(RETRY_AFTER);
                LOG.warn("Budget of the {} ({}) starts without its earlier spend in this period: the ledger could not"
                        + " be read ({}); trying again on a later request", scope.describe(), window.period().label(),
                        e.getClass().getSimpleName());
            }
        }
    }

    private void forgetEndedPeriods() {
        Instant now = clock.instant();
        seeds.values().removeIf(seed -> !seed.periodEnd.isAfter(now));
    }

    private static final class Seed {
        final Instant periodEnd;
        final Instant countingSince;
        volatile boolean done;
        Instant notBefore = Instant.MIN;

        Seed(Instant periodEnd, Instant countingSince) {
            this.periodEnd = periodEnd;
            this.countingSince = countingSince;
        }
    }
}
