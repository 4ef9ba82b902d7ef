package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.camelgateway.shared.LocalCounters;
import io.camelgateway.shared.SharedSettings;
import java.math.BigDecimal;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budget counters start from the recorded spend of their period: once per (scope, period), retried after a failure. */
class BudgetSeedingTest {

    private static final LimitScope ALICE = LimitScope.key("k1", "alice");
    private static final LimitScope PLATFORM = LimitScope.team("platform");

    private final MutableClock clock = new MutableClock("2026-11-29T10:00:00Z");
    private final RecordedSpend recorded = new RecordedSpend();

    /** Spend recorded per scope at instants; answers the sum in [from, to) and counts the queries. */
    private static final class RecordedSpend implements SpendHistory {
        record Turn(LimitScope scope, Instant at, BigDecimal usd) {
        }

        final List<Turn> turns = new ArrayList<>();
        final List<String> queries = new ArrayList<>();
        volatile boolean down;

        void add(LimitScope scope, String at, String usd) {
            turns.add(new Turn(scope, Instant.parse(at), new BigDecimal(usd)));
        }

        @Override
        public synchronized BigDecimal spentUsd(LimitScope scope, Instant from, Instant to) throws Exception {
            queries.add(scope.storeKey() + " " + from + " " + to);
            if (down) {
                throw new SQLTransientConnectionException("database down");
            }
            return turns.stream().filter(t -> t.scope.equals(scope) && !t.at.isBefore(from) && t.at.isBefore(to))
                    .map(Turn::usd).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private Budgets budgets(SpendHistory history) {
        Map<LimitScope, ScopeLimits> limits = Map.of(
                ALICE, new ScopeLimits(Map.of(BudgetPeriod.DAY, new BigDecimal("1")), 0, 0),
                PLATFORM, new ScopeLimits(Map.of(BudgetPeriod.MONTH, new BigDecimal("100")), 0, 0));
        return new Budgets(new LocalCounters(SharedSettings.defaults(), clock::millis),
                scope -> limits.getOrDefault(scope, ScopeLimits.NONE),
                new BudgetSettings(80, 110, ZoneOffset.UTC, "finops@example.com"), clock, history);
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void aNewCounterStartsFromTheSpendOfItsPeriodWithOneQueryPerScopeAndPeriod() {
        recorded.add(ALICE, "2026-11-28T23:00:00Z", "5.00"); // yesterday: not in today's budget
        recorded.add(ALICE, "2026-11-29T08:00:00Z", "0.95");
        recorded.add(PLATFORM, "2026-11-02T08:00:00Z", "40");
        Budgets budgets = budgets(recorded);

        assertInstanceOf(BudgetDecision.Refused.class, budgets.reserve(List.of(ALICE, PLATFORM), usd("0.20")),
                "0.95 + 0.20 passes 110 % of $1");
        Budgets.Reservation r = assertInstanceOf(BudgetDecision.Granted.class,
                budgets.reserve(List.of(ALICE, PLATFORM), usd("0.10"))).reservation();
        budgets.settle(r, usd("0.05"));
        assertEquals(0, usd("1.00").compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)));
        assertEquals(0, usd("40.05").compareTo(budgets.spentUsd(PLATFORM, BudgetPeriod.MONTH)));
        assertEquals(List.of("key:k1 2026-11-29T00:00:00Z 2026-11-29T10:00:00Z",
                "team:platform 2026-11-01T00:00:00Z 2026-11-29T10:00:00Z"), recorded.queries);

        clock.set("2026-11-30T09:00:00Z");
        budgets.reserve(List.of(ALICE), usd("0.10"));
        assertEquals("key:k1 2026-11-30T00:00:00Z 2026-11-30T09:00:00Z", recorded.queries.get(2),
                "a new day is a new counter, seeded again");
        assertEquals(3, recorded.queries.size());
    }

    @Test
    void aFailedQueryStartsAtZeroAndIsRetriedLaterWithoutCountingWhatThisProcessSettledMeanwhile() {
        recorded.add(ALICE, "2026-11-29T08:00:00Z", "0.95");
        recorded.down = true;
        Budgets budgets = budgets(recorded);

        Budgets.Reservation r = assertInstanceOf(BudgetDecision.Granted.class,
                budgets.reserve(List.of(ALICE), usd("0.10"))).reservation();
        budgets.settle(r, usd("0.02"));
        recorded.add(ALICE, "2026-11-29T10:00:00Z", "0.02"); // the ledger row of that turn
        budgets.reserve(List.of(ALICE), usd("0.01"));
        assertEquals(1, recorded.queries.size(), "no new query before the retry pause");

        recorded.down = false;
        clock.advance(BudgetSeeds.RETRY_AFTER);
        budgets.reserve(List.of(ALICE), usd("0.01"));
        assertEquals(2, recorded.queries.size());
        assertEquals("key:k1 2026-11-29T00:00:00Z 2026-11-29T10:00:00Z", recorded.queries.get(1),
                "counts only what was spent before this process counted the budget");
        assertEquals(0, usd("0.97").compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)));
        budgets.reserve(List.of(ALICE), usd("0.01"));
        assertEquals(2, recorded.queries.size(), "seeded: no more queries");
    }

    @Test
    void withoutALedgerCountersStartAtZero() {
        Budgets budgets = budgets(null);
        assertInstanceOf(BudgetDecision.Granted.class, budgets.reserve(List.of(ALICE), usd("1.05")));
    }
}
