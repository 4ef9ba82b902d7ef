package io.camelgateway.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One meter per distinct set of label values, registered on first use and then found by those values alone: building
 * a meter's tags and id on every request cost more than the rest of the metrics together. Bounded because the label
 * values are ({@link ModelLabels}).
 */
final class MeterCache<M> {

    private final ConcurrentHashMap<List<String>, M> meters = new ConcurrentHashMap<>();
    private final Function<List<String>, M> register;

    /** {@code register}: registers the meter for label values in the order {@link #get} receives them. */
    MeterCache(Function<List<String>, M> register) {
        this.register = register;
    }

    M get(String... labels) {
        List<String> key = Arrays.asList(labels);
        M meter = meters.get(key);
        return meter != null ? meter : meters.computeIfAbsent(key, register);
    }
}
