package io.camelgateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.camelgateway.keys.Budget;
import io.camelgateway.keys.KeyStore;
import io.camelgateway.keys.KeyStoreException;
import io.camelgateway.keys.Limits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits kept with the keys and teams in the key store ({@code budget}, {@code limits} of POST /admin/keys and
 * /admin/teams); what a record leaves unset comes from the settings. Lookups are cached as briefly as key lookups,
 * so a request does not read the database and a changed budget applies within that time on every replica.
 */
public final class KeyStoreLimits implements LimitsLookup {

    private static final Logger LOG = LoggerFactory.getLogger(KeyStoreLimits.class);

    private final KeyStore store;
    private final LimitsLookup settings;
    private final Cache<LimitScope, ScopeLimits> cache;

    public KeyStoreLimits(KeyStore store, LimitsLookup settings, Duration staleness) {
        this.store = store;
        this.settings = settings;
        this.cache = Caffeine.newBuilder().expireAfterWrite(staleness).maximumSize(100_000).build();
    }

    @Override
    public ScopeLimits limitsOf(LimitScope scope) {
        return cache.get(scope, this::read);
    }

    private ScopeLimits read(LimitScope scope) {
        ScopeLimits fallback = settings.limitsOf(scope);
        try {
            Optional<Stored> stored = scope.kind() == LimitScope.Kind.KEY
                    ? store.keyById(scope.id()).map(key -> new Stored(key.budget(), key.limits()))
                    : store.team(scope.id()).map(team -> new Stored(team.budget(), team.limits()));
            return stored.map(s -> merge(s, fallback)).orElse(fallback);
        } catch (KeyStoreException e) {
            LOG.warn("Cannot read the limits of {} from the key store ({}); using the configured ones",
                    scope.storeKey(), e.getMessage());
            return fallback;
        }
    }

    private static ScopeLimits merge(Stored stored, ScopeLimits fallback) {
        Map<BudgetPeriod, BigDecimal> budgets = fallback.budgetsUsd();
        Budget budget = stored.budget();
        if (budget != null && budget.usd() != null && budget.period() != null) {
            budgets = new EnumMap<>(BudgetPeriod.class);
            budgets.put(BudgetPeriod.valueOf(budget.period().name()), budget.usd());
        }
        Limits limits = stored.limits();
        long rpm = limits != null && limits.rpm() != null ? limits.rpm() : fallback.requestsPerMinute();
        long tpm = limits != null && limits.tpm() != null ? limits.tpm() : fallback.tokensPerMinute();
        return new ScopeLimits(budgets, rpm, tpm);
    }

    private record Stored(Budget budget, Limits limits) {
    }
}
