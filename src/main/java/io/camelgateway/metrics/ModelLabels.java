package io.camelgateway.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Keeps the model label of the meters bounded whatever clients send: a model name becomes a label value only when
 * the price file knows it or a provider answered for it, and at most {@link #MAX} names ever do; any other name is
 * {@code other}, and a request refused before it was routed is {@code unknown}.
 */
final class ModelLabels {

    static final int MAX = 200;
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";

    private final BiPredicate<String, String> priced;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    /** {@code priced}: whether the price file knows (provider, model). */
    ModelLabels(BiPredicate<String, String> priced) {
        this.priced = priced;
    }

    /** The label for {@code model} of {@code provider}; {@code answered}: a provider answered the call for it. */
    String label(String provider, String model, boolean answered) {
        if (model == null || model.isBlank()) {
            return UNKNOWN;
        }
        if (admitted.contains(model)) {
            return model;
        }
        if ((answered || provider != null && priced.test(provider, model)) && admitted.size() < MAX
                && model.length() <= 100) {
            admitted.add(model);
            return model;
        }
        return OTHER;
    }
}
