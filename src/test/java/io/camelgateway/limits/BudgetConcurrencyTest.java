package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.shared.LocalCounters;
import io.camelgateway.shared.SharedSettings;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * 200 requests race for the last dollar of a team's daily budget. Every reservation is one atomic step, so the
 * budget is never committed past its hard limit: the overshoot over the budget is at most the reservations in
 * flight, and once they settle to their (smaller) real cost the room they freed is granted again.
 */
class BudgetConcurrencyTest {

    private static final int THREADS = 200;
    private static final LimitScope KEY = LimitScope.key("k-race", "racer");
    private static final LimitScope TEAM = LimitScope.team("racing");

    @Test
    void twoHundredConcurrentReservationsNeverPassTheHardLimitAndNoFalseRefusalAfterSettling() throws Exception {
        MutableClock clock = new MutableClock("2026-11-29T12:00:00Z");
        ScopeLimits teamLimits = new ScopeLimits(Map.of(BudgetPeriod.DAY, new BigDecimal("10")), 0, 0);
        ScopeLimits keyLimits = new ScopeLimits(Map.of(BudgetPeriod.DAY, new BigDecimal("100")), 0, 0);
        Budgets budgets = new Budgets(new LocalCounters(SharedSettings.defaults(), clock::millis),
                scope -> scope.equals(TEAM) ? teamLimits : keyLimits,
                new BudgetSettings(80, 110, ZoneOffset.UTC, "ops"), clock);
        // nearly spent: 10.00 of 10.00, so 1.00 is left below the 11.00 hard limit
        Budgets.Reservation earlier = ((BudgetDecision.Granted) budgets.reserve(List.of(TEAM),
                new BigDecimal("10.00"))).reservation();
        budgets.settle(earlier, new BigDecimal("10.00"));

        BigDecimal reservation = new BigDecimal("0.01");
        BigDecimal actual = new BigDecimal("0.004");
        CyclicBarrier start = new CyclicBarrier(THREADS);
        CyclicBarrier allReserved = new CyclicBarrier(THREADS);
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicLong maxCommittedMicros = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                done.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    BudgetDecision decision = budgets.reserve(List.of(KEY, TEAM), reservation);
                    maxCommittedMicros.accumulateAndGet(
                            Budgets.toMicros(budgets.committedUsd(TEAM, BudgetPeriod.DAY)), Math::max);
                    // every request is in flight at once before any settles
                    allReserved.await(10, TimeUnit.SECONDS);
                    if (decision instanceof BudgetDecision.Granted g) {
                        granted.incrementAndGet();
                        budgets.settle(g.reservation(), actual);
                    } else {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }

            assertEquals(100, granted.get(), "exactly the reservations that fit under the hard limit");
            assertEquals(100, refused.get());
            assertTrue(maxCommittedMicros.get() <= 11_000_000L,
                    "never committed past the hard limit: " + maxCommittedMicros.get());
            BigDecimal overshoot = budgets.spentUsd(TEAM, BudgetPeriod.DAY).subtract(new BigDecimal("10"));
            assertTrue(overshoot.compareTo(reservation.multiply(BigDecimal.valueOf(granted.get()))) <= 0,
                    "overshoot over the budget at most the reservations that were in flight: " + overshoot);
            assertEquals(0, new BigDecimal("10.40").compareTo(budgets.spentUsd(TEAM, BudgetPeriod.DAY)));
            assertEquals(0, new BigDecimal("10.40").compareTo(budgets.committedUsd(TEAM, BudgetPeriod.DAY)),
                    "nothing stays reserved after settling");
            assertEquals(0, new BigDecimal("0.40").compareTo(budgets.committedUsd(KEY, BudgetPeriod.DAY)),
                    "refusals by the team left nothing reserved on the key");

            // the 0.60 that settling freed is granted again: no false "exceeded"
            AtomicInteger secondWaveRefused = new AtomicInteger();
            List<Future<?>> second = new ArrayList<>();
            CyclicBarrier secondStart = new CyclicBarrier(THREADS);
            for (int i = 0; i < THREADS; i++) {
                second.add(pool.submit(() -> {
                    secondStart.await(10, TimeUnit.SECONDS);
                    BudgetDecision decision = budgets.reserve(List.of(KEY, TEAM), new BigDecimal("0.001"));
                    if (decision instanceof BudgetDecision.Granted g) {
                        budgets.settle(g.reservation(), new BigDecimal("0.001"));
                    } else {
                        secondWaveRefused.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : second) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(0, secondWaveRefused.get());
            assertEquals(0, new BigDecimal("10.60").compareTo(budgets.spentUsd(TEAM, BudgetPeriod.DAY)));
        } finally {
            pool.shutdownNow();
        }
    }
}
