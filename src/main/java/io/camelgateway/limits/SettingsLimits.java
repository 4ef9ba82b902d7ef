package io.camelgateway.limits;

import io.camelgateway.settings.SettingsReader;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits from settings: {@code gateway.limits.<key|team>.<id>.<name>}, where {@code <id>} may be {@code default}
 * (used for every key or team without its own value) and {@code <name>} is {@code budget-day-usd},
 * {@code budget-week-usd}, {@code budget-month-usd}, {@code rpm} or {@code tpm}. {@link KeyStoreLimits} takes what a
 * key or team record sets and leaves the rest to this.
 */
public final class SettingsLimits implements LimitsLookup {

    private static final String PREFIX = "gateway.limits.";
    private static final String DEFAULT_ID = "default";

    private final Map<String, Map<String, String>> byScope = new HashMap<>();

    public SettingsLimits(Map<String, String> underPrefix) {
        underPrefix.forEach((rest, value) -> {
            int kindEnd = rest.indexOf('.');
            int nameStart = rest.lastIndexOf('.');
            if (kindEnd <= 0 || nameStart <= kindEnd) {
                throw new IllegalStateException("Setting " + PREFIX + rest + " is not of the form "
                        + PREFIX + "<key|team>.<id>.<budget-day-usd|budget-week-usd|budget-month-usd|rpm|tpm>");
            }
            String scope = rest.substring(0, nameStart);
            byScope.computeIfAbsent(scope, k -> new HashMap<>()).put(rest.substring(nameStart + 1), value);
        });
        byScope.forEach((scope, values) -> values.forEach((name, value) -> parse(scope, name, value)));
    }

    public static SettingsLimits from(SettingsReader read) {
        return new SettingsLimits(read.withPrefix(PREFIX));
    }

    @Override
    public ScopeLimits limitsOf(LimitScope scope) {
        String kind = scope.kind().name().toLowerCase(java.util.Locale.ROOT);
        Map<String, String> own = byScope.getOrDefault(kind + "." + scope.id(), Map.of());
        Map<String, String> fallback = byScope.getOrDefault(kind + "." + DEFAULT_ID, Map.of());
        Map<BudgetPeriod, BigDecimal> budgets = new EnumMap<>(BudgetPeriod.class);
        for (BudgetPeriod period : BudgetPeriod.values()) {
            String name = "budget-" + period.label() + "-usd";
            String value = own.getOrDefault(name, fallback.get(name));
            if (value != null) {
                budgets.put(period, new BigDecimal(value));
            }
        }
        String rpm = own.getOrDefault("rpm", fallback.get("rpm"));
        String tpm = own.getOrDefault("tpm", fallback.get("tpm"));
        return new ScopeLimits(budgets, rpm == null ? 0 : Long.parseLong(rpm), tpm == null ? 0 : Long.parseLong(tpm));
    }

    private static void parse(String scope, String name, String value) {
        String key = PREFIX + scope + "." + name;
        if (!scope.startsWith("key.") && !scope.startsWith("team.")) {
            throw new IllegalStateException("Setting " + key + ": limits are per key or per team");
        }
        try {
            switch (name) {
                case "budget-day-usd", "budget-week-usd", "budget-month-usd" -> {
                    if (new BigDecimal(value).signum() < 0) {
                        throw new NumberFormatException();
                    }
                }
                case "rpm", "tpm" -> {
                    if (Long.parseLong(value) < 0) {
                        throw new NumberFormatException();
                    }
                }
                default -> throw new IllegalStateException("Setting " + key + " is unknown: use budget-day-usd, "
                        + "budget-week-usd, budget-month-usd, rpm or tpm");
            }
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Setting " + key + " must be a non-negative number, not " + value);
        }
    }
}
