package io.camelgateway.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A copy of the window's sums over one period, made under the window's lock and read afterwards without it. */
final class WindowView {

    static final int FAILED_SHOWN = 20;

    final Instant from;
    final Instant to;
    final Duration step;
    final long dropped;
    long requests;
    long failedRequests;
    final Spend spend = new Spend();
    long cachedInputTokens;
    long cacheWriteTokens;
    long cacheHits;
    long cacheMisses;
    long cacheBypasses;
    final Spend[] tiers = {new Spend(), new Spend(), new Spend()};
    long routedPriced;
    double routedCost;
    double routedFlagshipCost;
    final LatencyHistogram overhead = new LatencyHistogram();
    final LatencyHistogram timeToFirstToken = new LatencyHistogram();
    final Map<String, Spend> owners = new HashMap<>();
    final Map<String, Spend> teams = new HashMap<>();
    final Map<String, Spend> models = new HashMap<>();
    long seriesStart;
    Point[] series = new Point[0];
    List<FailedTurn> failed = List.of();

    /** One point of the time series. */
    static final class Point {
        long requests;
        long failed;
        double costUsd;
        long tokens;
    }

    WindowView(Instant from, Instant to, Duration step, long dropped) {
        this.from = from;
        this.to = to;
        this.step = step;
        this.dropped = dropped;
    }

    void initSeries(long start, int points) {
        seriesStart = start;
        series = new Point[points];
        for (int i = 0; i < points; i++) {
            series[i] = new Point();
        }
    }

    void add(WindowBucket bucket) {
        requests += bucket.requests;
        failedRequests += bucket.failed;
        spend.addAll(bucket.spend);
        cachedInputTokens += bucket.cachedInputTokens;
        cacheWriteTokens += bucket.cacheWriteTokens;
        cacheHits += bucket.cacheHits;
        cacheMisses += bucket.cacheMisses;
        cacheBypasses += bucket.cacheBypasses;
        for (int i = 0; i < tiers.length; i++) {
            tiers[i].addAll(bucket.tiers[i]);
        }
        routedPriced += bucket.routedPriced;
        routedCost += bucket.routedCost;
        routedFlagshipCost += bucket.routedFlagshipCost;
        overhead.addAll(bucket.overhead);
        timeToFirstToken.addAll(bucket.timeToFirstToken);
    }

    void addPoint(int index, WindowBucket bucket) {
        if (index < 0 || index >= series.length) {
            return;
        }
        Point point = series[index];
        point.requests += bucket.requests;
        point.failed += bucket.failed;
        point.costUsd += bucket.spend.costUsd;
        point.tokens += bucket.spend.inputTokens + bucket.spend.outputTokens;
    }

    void addNames(WindowBucket bucket) {
        merge(owners, bucket.owners);
        merge(teams, bucket.teams);
        merge(models, bucket.models);
    }

    void failed(List<FailedTurn> turns) {
        this.failed = List.copyOf(turns);
    }

    private static void merge(Map<String, Spend> into, Map<String, Spend> from) {
        from.forEach((name, spend) -> into.computeIfAbsent(name, k -> new Spend()).addAll(spend));
    }
}
