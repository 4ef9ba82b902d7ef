package io.camelgateway.limits;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Rate windows in this process: a compare-and-set loop per window; closed windows are dropped as time passes. */
public final class InProcessRateStore implements RateStore {

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AtomicLong nextPrune = new AtomicLong();

    public InProcessRateStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean tryAcquire(String counter, long amount, long limit, Instant windowEnd) {
        pruneNowAndThen();
        AtomicLong count = windows.computeIfAbsent(counter, k -> new Window(windowEnd)).count;
        while (true) {
            long current = count.get();
            long next = current + amount;
            if (next > limit) {
                return false;
            }
            if (count.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    @Override
    public void add(String counter, long amount, Instant windowEnd) {
        windows.computeIfAbsent(counter, k -> new Window(windowEnd)).count.addAndGet(amount);
    }

    @Override
    public long count(String counter) {
        Window window = windows.get(counter);
        return window == null ? 0 : window.count.get();
    }

    private void pruneNowAndThen() {
        long now = clock.millis();
        long due = nextPrune.get();
        if (now < due || !nextPrune.compareAndSet(due, now + 10_000)) {
            return;
        }
        Instant cutoff = clock.instant();
        windows.values().removeIf(w -> w.end.isBefore(cutoff));
    }

    private static final class Window {
        final AtomicLong count = new AtomicLong();
        final Instant end;

        Window(Instant end) {
            this.end = end;
        }
    }
}
