package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camelgateway.keys.Budget;
import io.camelgateway.keys.InMemoryKeyStore;
import io.camelgateway.keys.KeyRecord;
import io.camelgateway.keys.Limits;
import io.camelgateway.keys.TeamRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyStoreLimitsTest {

    private final InMemoryKeyStore store = new InMemoryKeyStore();
    private final SettingsLimits settings = new SettingsLimits(Map.of("key.default.rpm", "60",
            "key.default.budget-month-usd", "100", "team.default.tpm", "5000"));
    private final KeyStoreLimits limits = new KeyStoreLimits(store, settings, Duration.ofMillis(200));

    private void key(String id, Budget budget, Limits rates) {
        store.insertKey(new KeyRecord(id, "hash-" + id, "ana", "platform", null, List.of(), budget, rates, null, true,
                null, Instant.parse("2026-11-29T00:00:00Z"), null));
    }

    @Test
    void aKeysOwnBudgetAndRatesWinAndWhatItLeavesUnsetComesFromTheSettings() {
        key("key_a", new Budget(new BigDecimal("5"), Budget.Period.DAY), new Limits(null, 1000L));
        ScopeLimits own = limits.limitsOf(LimitScope.key("key_a", "ana"));
        assertEquals(Map.of(BudgetPeriod.DAY, new BigDecimal("5")), own.budgetsUsd(), "the key's budget replaces the default");
        assertEquals(60, own.requestsPerMinute(), "rpm unset on the key: the setting");
        assertEquals(1000, own.tokensPerMinute());

        key("key_b", null, null);
        ScopeLimits defaults = limits.limitsOf(LimitScope.key("key_b", "ana"));
        assertEquals(Map.of(BudgetPeriod.MONTH, new BigDecimal("100")), defaults.budgetsUsd());
        assertEquals(60, defaults.requestsPerMinute());
    }

    @Test
    void aTeamsRecordGivesItsLimitsAndATeamWithoutOneHasTheConfiguredOnes() {
        store.insertTeam(new TeamRecord("platform", new Budget(new BigDecimal("500"), Budget.Period.MONTH),
                new Limits(600, null), Instant.parse("2026-11-29T00:00:00Z")));
        ScopeLimits team = limits.limitsOf(LimitScope.team("platform"));
        assertEquals(Map.of(BudgetPeriod.MONTH, new BigDecimal("500")), team.budgetsUsd());
        assertEquals(600, team.requestsPerMinute());
        assertEquals(5000, team.tokensPerMinute());
        assertEquals(settings.limitsOf(LimitScope.team("unknown")), limits.limitsOf(LimitScope.team("unknown")));
    }

    @Test
    void aChangedRecordAppliesOnceTheShortCacheExpires() throws Exception {
        key("key_c", new Budget(new BigDecimal("5"), Budget.Period.DAY), null);
        assertEquals(new BigDecimal("5"), limits.limitsOf(LimitScope.key("key_c", "ana")).budgetsUsd().get(BudgetPeriod.DAY));
        KeyRecord current = store.keyById("key_c").orElseThrow();
        store.updateKey(new KeyRecord(current.id(), current.hash(), current.owner(), current.team(), null, List.of(),
                new Budget(new BigDecimal("7"), Budget.Period.DAY), null, null, true, null, current.createdAt(), null));
        Thread.sleep(300);
        assertEquals(new BigDecimal("7"), limits.limitsOf(LimitScope.key("key_c", "ana")).budgetsUsd().get(BudgetPeriod.DAY));
    }
}
