package io.camelgateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Budget counters in this process: a compare-and-set loop per counter, so a reservation is checked and recorded in
 * one step. Counters of past periods are dropped a day after they end.
 */
public final class InProcessBudgetStore implements BudgetStore {

    private static final Duration KEEP_AFTER_END = Duration.ofDays(1);

    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicLong nextPrune = new AtomicLong();

    public InProcessBudgetStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public ReserveResult tryReserve(String counter, long micros, long capMicros, Instant expiresAt) {
        pruneNowAndThen();
        Counter c = counters.computeIfAbsent(counter, k -> new Counter(expiresAt));
        while (true) {
            long current = c.committed.get();
            long next = Math.addExact(current, micros);
            if (next > capMicros) {
                return new ReserveResult(false, current);
            }
            if (c.committed.compareAndSet(current, next)) {
                return new ReserveResult(true, next);
            }
        }
    }

    @Override
    public void settle(String counter, long reservedMicros, long actualMicros, Instant expiresAt) {
        Counter c = counters.computeIfAbsent(counter, k -> new Counter(expiresAt));
        c.committed.addAndGet(actualMicros - reservedMicros);
        c.spent.addAndGet(actualMicros);
    }

    @Override
    public long committed(String counter) {
        Counter c = counters.get(counter);
        return c == null ? 0 : c.committed.get();
    }

    @Override
    public long spent(String counter) {
        Counter c = counters.get(counter);
        return c == null ? 0 : c.spent.get();
    }

    private void pruneNowAndThen() {
        long now = clock.millis();
        long due = nextPrune.get();
        if (now < due || !nextPrune.compareAndSet(due, now + 60_000)) {
            return;
        }
        Instant cutoff = clock.instant().minus(KEEP_AFTER_END);
        counters.values().removeIf(c -> c.expiresAt.isBefore(cutoff));
    }

    private static final class Counter {
        final AtomicLong committed = new AtomicLong();
        final AtomicLong spent = new AtomicLong();
        final Instant expiresAt;

        Counter(Instant expiresAt) {
            this.expiresAt = expiresAt;
        }
    }
}
