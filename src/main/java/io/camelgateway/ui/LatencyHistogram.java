package io.camelgateway.ui;

/**
 * Milliseconds counted in logarithmic bins (each 10 % wider than the one before, from 0.05 ms to about 3 minutes), so
 * p50/p95 of any number of turns come from a fixed 1.3 KB and are within 5 % of the exact figure.
 */
final class LatencyHistogram {

    static final int BINS = 160;
    private static final double FIRST = 0.05;
    private static final double GROWTH = 1.1;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    private final int[] counts = new int[BINS];
    private long total;

    void add(double ms) {
        if (!(ms >= 0)) {
            return;
        }
        counts[bin(ms)]++;
        total++;
    }

    void addAll(LatencyHistogram other) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long count() {
        return total;
    }

    /** The value below which {@code share} (0..1) of the counted values lie, or null when nothing was counted. */
    Double percentile(double share) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(share * total));
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return middle(i);
            }
        }
        return middle(BINS - 1);
    }

    static int bin(double ms) {
        if (ms <= FIRST) {
            return 0;
        }
        int bin = 1 + (int) (Math.log(ms / FIRST) / LOG_GROWTH);
        return Math.min(bin, BINS - 1);
    }

    /** The geometric middle of a bin; bin 0 holds everything up to 0.05 ms. */
    static double middle(int bin) {
        if (bin == 0) {
            return FIRST / 2;
        }
        double low = FIRST * Math.pow(GROWTH, bin - 1);
        return low * Math.sqrt(GROWTH);
    }
}
