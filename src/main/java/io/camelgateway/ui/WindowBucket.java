package io.camelgateway.ui;

import java.util.HashMap;
import java.util.Map;

/**
 * One minute or one hour of finished turns, summed. Only the window's drainer writes a bucket and readers copy it
 * under the window's lock. Per-developer, team and model sums are kept in hour buckets only, at most
 * {@link #MAX_NAMES} names each (the rest is summed as {@code (other)}), which bounds the window's memory.
 */
final class WindowBucket {

    static final int MAX_NAMES = 100;
    static final String OTHER = "(other)";

    final long start;
    long requests;
    long failed;
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
    final Map<String, Spend> owners;
    final Map<String, Spend> teams;
    final Map<String, Spend> models;

    WindowBucket(long start, boolean withNames) {
        this.start = start;
        this.owners = withNames ? new HashMap<>() : null;
        this.teams = withNames ? new HashMap<>() : null;
        this.models = withNames ? new HashMap<>() : null;
    }

    static void addNamed(Map<String, Spend> sums, String name, long turns, Double cost, long input, long output) {
        if (sums == null) {
            return;
        }
        String key = name == null ? "(none)" : name;
        Spend spend = sums.get(key);
        if (spend == null) {
            spend = sums.computeIfAbsent(sums.size() < MAX_NAMES ? key : OTHER, k -> new Spend());
        }
        spend.add(turns, cost, input, output);
    }
}
