package io.camelgateway.ui;

/**
 * Where a turn went in the cost split: a routed turn (model {@code auto}) answered by the flagship or by a cheaper
 * model, or a turn that named its model itself (direct).
 */
enum Tier {
    CHEAP, FLAGSHIP, DIRECT;

    /**
     * {@code route} null: the client named its model. {@code flagship} is {@code provider/model} from prices.yaml;
     * a dated model id ({@code …-20260420}) counts as its undated name, as the price table reads it.
     */
    static Tier of(String route, String provider, String model, String flagship) {
        if (route == null) {
            return DIRECT;
        }
        if (flagship == null || provider == null || model == null) {
            return CHEAP;
        }
        String name = provider + "/" + model;
        return name.equals(flagship) || name.replaceFirst("-\\d{8}$", "").equals(flagship) ? FLAGSHIP : CHEAP;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
