package io.camelgateway.ui;

import io.camelgateway.canonical.Usage;
import io.camelgateway.ledger.LedgerRow;
import io.camelgateway.ledger.TurnSummary;
import io.camelgateway.observe.ObservedTurn;
import io.camelgateway.observe.TurnObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The dashboard's memory of finished turns, with or without the ledger: per-minute sums for the last day, per-hour
 * sums (with per-developer, team and model spend) for the last 31 days, and the latest failed turns. The request
 * thread only offers the turn to a bounded queue (no allocation, no lock held beyond the queue's own); a background
 * thread, and every reader, drains it into the buckets. When the queue is full the turn is counted as dropped.
 */
public final class TurnWindow implements TurnObserver, AutoCloseable {

    static final long MINUTE = 60_000L;
    static final long HOUR = 3_600_000L;
    static final int MINUTE_SLOTS = 24 * 60 + 60;
    static final int HOUR_SLOTS = 31 * 24 + 24;
    static final int FAILED_KEPT = 100;

    private final ArrayBlockingQueue<ObservedTurn> pending;
    private final LongAdder dropped = new LongAdder();
    private final Supplier<String> flagship;
    private final LongSupplier clock;
    private final WindowBucket[] minutes = new WindowBucket[MINUTE_SLOTS];
    private final WindowBucket[] hours = new WindowBucket[HOUR_SLOTS];
    private final ArrayDeque<FailedTurn> failed = new ArrayDeque<>();
    private ScheduledExecutorService drainer;

    /** {@code flagship}: the savings baseline model, {@code provider/model} (prices.yaml), may give null. */
    public TurnWindow(int queueCapacity, Supplier<String> flagship, LongSupplier clock) {
        this.pending = new ArrayBlockingQueue<>(queueCapacity);
        this.flagship = flagship;
        this.clock = clock;
    }

    /** Drains the queue once a second on a daemon thread of its own. */
    public TurnWindow start() {
        drainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dashboard-window");
            thread.setDaemon(true);
            return thread;
        });
        drainer.scheduleWithFixedDelay(this::drain, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    @Override
    public void close() {
        if (drainer != null) {
            drainer.shutdownNow();
        }
    }

    @Override
    public void turnObserved(ObservedTurn turn) {
        if (!pending.offer(turn)) {
            dropped.increment();
        }
    }

    public long droppedCount() {
        return dropped.sum();
    }

    synchronized void drain() {
        ObservedTurn turn;
        while ((turn = pending.poll()) != null) {
            add(turn);
        }
    }

    private void add(ObservedTurn turn) {
        long time = turn.time().toEpochMilli();
        WindowBucket minute = bucket(minutes, MINUTE, time, false);
        WindowBucket hour = bucket(hours, HOUR, time, true);
        if (hour == null) {
            return;
        }
        TurnSummary summary = turn.entry() == null ? null : turn.entry().turn();
        LedgerRow last = summary == null ? null : summary.last();
        boolean failedTurn = turn.status() >= 400 || turn.errorCode() != null
                || (last != null && last.errorCode() != null);
        for (WindowBucket bucket : new WindowBucket[] {minute, hour}) {
            if (bucket != null) {
                add(bucket, turn, summary, last, failedTurn);
            }
        }
        if (failedTurn) {
            remember(turn, last);
        }
    }

    private void add(WindowBucket bucket, ObservedTurn turn, TurnSummary summary, LedgerRow last, boolean failedTurn) {
        bucket.requests++;
        if (failedTurn) {
            bucket.failed++;
        }
        if (turn.cache() != null) {
            switch (turn.cache()) {
                case "hit" -> bucket.cacheHits++;
                case "miss" -> bucket.cacheMisses++;
                default -> bucket.cacheBypasses++;
            }
        }
        if (turn.overheadMs() != null) {
            bucket.overhead.add(turn.overheadMs());
        }
        if (summary == null) {
            return;
        }
        Usage usage = summary.usage();
        Double cost = summary.cost() == null ? null : summary.cost().doubleValue();
        bucket.spend.add(1, cost, usage.inputTokens(), usage.outputTokens());
        bucket.cachedInputTokens += usage.cachedInputTokens();
        bucket.cacheWriteTokens += usage.cacheWriteTokens();
        Tier tier = Tier.of(turn.route(), last.provider(), last.upstreamModel(), flagship.get());
        bucket.tiers[tier.ordinal()].add(1, cost, usage.inputTokens(), usage.outputTokens());
        if (turn.route() != null && summary.cost() != null && summary.flagshipCost() != null) {
            bucket.routedPriced++;
            bucket.routedCost += summary.cost().doubleValue();
            bucket.routedFlagshipCost += summary.flagshipCost().doubleValue();
        }
        if (last.timeToFirstTokenMs() != null) {
            bucket.timeToFirstToken.add(last.timeToFirstTokenMs());
        }
        WindowBucket.addNamed(bucket.owners, turn.caller().owner(), 1, cost, usage.inputTokens(), usage.outputTokens());
        WindowBucket.addNamed(bucket.teams, turn.caller().team(), 1, cost, usage.inputTokens(), usage.outputTokens());
        WindowBucket.addNamed(bucket.models, last.upstreamModel(), 1, cost, usage.inputTokens(), usage.outputTokens());
    }

    private void remember(ObservedTurn turn, LedgerRow last) {
        int status = turn.status() >= 400 || last == null ? turn.status() : last.status();
        String error = turn.errorCode() != null ? turn.errorCode() : last == null ? null : last.errorCode();
        failed.addFirst(new FailedTurn(turn.time(), turn.clientApi(), turn.requestedModel(),
                last == null ? null : last.provider(), last == null ? null : last.upstreamModel(), turn.route(),
                turn.caller().owner(), turn.caller().team(), status, error));
        while (failed.size() > FAILED_KEPT) {
            failed.removeLast();
        }
    }

    /** The bucket of {@code time} in the ring, replacing one that has aged out; null when {@code time} is too old. */
    private WindowBucket bucket(WindowBucket[] ring, long size, long time, boolean withNames) {
        long start = Math.floorDiv(time, size) * size;
        long newest = Math.floorDiv(clock.getAsLong(), size) * size;
        if (start <= newest - (ring.length - 1) * size) {
            return null;
        }
        int slot = (int) Math.floorMod(start / size, (long) ring.length);
        WindowBucket bucket = ring[slot];
        if (bucket == null || bucket.start != start) {
            if (bucket != null && bucket.start > start) {
                return null;
            }
            bucket = new WindowBucket(start, withNames);
            ring[slot] = bucket;
        }
        return bucket;
    }

    /**
     * The sums over the last {@code period} (minute resolution up to a day, hour resolution beyond; per-name sums at
     * hour resolution), with a time series of {@code step}-long points.
     */
    public synchronized WindowView view(Duration period, Duration step) {
        drain();
        long now = clock.getAsLong();
        long from = now - period.toMillis();
        boolean fine = period.compareTo(Duration.ofDays(1)) <= 0;
        long size = fine ? MINUTE : HOUR;
        WindowView view = new WindowView(Instant.ofEpochMilli(from), Instant.ofEpochMilli(now), step, dropped.sum());
        long stepMs = step.toMillis();
        long firstPoint = Math.floorDiv(from, stepMs) * stepMs;
        int points = (int) ((now - firstPoint) / stepMs) + 1;
        view.initSeries(firstPoint, points);
        for (WindowBucket bucket : fine ? minutes : hours) {
            if (bucket != null && bucket.start + size > from && bucket.start <= now) {
                view.add(bucket);
                view.addPoint((int) ((bucket.start - firstPoint) / stepMs), bucket);
            }
        }
        for (WindowBucket bucket : hours) {
            if (bucket != null && bucket.start + HOUR > from && bucket.start <= now) {
                view.addNames(bucket);
            }
        }
        List<FailedTurn> recent = new ArrayList<>();
        for (Iterator<FailedTurn> it = failed.iterator(); it.hasNext() && recent.size() < WindowView.FAILED_SHOWN; ) {
            FailedTurn turn = it.next();
            if (turn.time().toEpochMilli() >= from) {
                recent.add(turn);
            }
        }
        view.failed(recent);
        return view;
    }
}
