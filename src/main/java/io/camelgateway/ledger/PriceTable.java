package io.camelgateway.ledger;

import io.camelgateway.canonical.Usage;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Prices per provider model, as read from the operator's price file at one moment. */
public final class PriceTable {

    public static final PriceTable EMPTY = new PriceTable(null, null, Map.of());

    private final String checked;
    private final String flagship;
    private final Map<String, ModelPrice> models;
    private final AtomicLong unpriced = new AtomicLong();

    public PriceTable(String checked, String flagship, Map<String, ModelPrice> models) {
        this.checked = checked;
        this.flagship = flagship;
        this.models = Map.copyOf(models);
    }

    /** The price of {@code provider/model}; a dated id ({@code …-20260420}) falls back to its undated name. */
    public ModelPrice price(String provider, String model) {
        if (provider == null || model == null) {
            return null;
        }
        ModelPrice price = models.get(provider + "/" + model);
        if (price == null) {
            String undated = model.replaceFirst("-\\d{8}$", "");
            price = models.get(provider + "/" + undated);
        }
        return price;
    }

    /** The cost of {@code usage} on that model, or null (never 0) when the model has no price; those are counted. */
    public BigDecimal cost(String provider, String model, Usage usage) {
        ModelPrice price = price(provider, model);
        if (price == null) {
            unpriced.incrementAndGet();
            return null;
        }
        return price.cost(usage == null ? Usage.ZERO : usage);
    }

    /**
     * The most a call may cost before it is made: {@code inputTokens} as uncached input and {@code maxOutputTokens}
     * at the dearer of the output and reasoning prices; null when the model has no price (not counted as unpriced:
     * the ledger counts the call itself).
     */
    public BigDecimal estimate(String provider, String model, long inputTokens, long maxOutputTokens) {
        ModelPrice price = price(provider, model);
        if (price == null) {
            return null;
        }
        long reasoning = price.reasoning().compareTo(price.output()) > 0 ? maxOutputTokens : 0;
        return price.cost(new Usage(inputTokens, 0, 0, maxOutputTokens, reasoning));
    }

    /** The same tokens at the flagship's price (the savings baseline), or null without a priced flagship. */
    public BigDecimal flagshipCost(Usage usage) {
        if (flagship == null) {
            return null;
        }
        ModelPrice price = models.get(flagship);
        return price == null ? null : price.cost(usage == null ? Usage.ZERO : usage);
    }

    public long unpricedCount() {
        return unpriced.get();
    }

    public String checked() {
        return checked;
    }

    public String flagship() {
        return flagship;
    }

    public int size() {
        return models.size();
    }
}
