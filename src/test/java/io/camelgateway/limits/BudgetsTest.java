package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.shared.LocalCounters;
import io.camelgateway.shared.SharedSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetsTest {

    private static final LimitScope ALICE = LimitScope.key("k1", "alice");
    private static final LimitScope PLATFORM = LimitScope.team("platform");

    private final MutableClock clock = new MutableClock("2026-11-29T10:00:00Z");

    private Budgets budgets(Map<LimitScope, ScopeLimits> limits, ZoneId zone) {
        return new Budgets(new LocalCounters(SharedSettings.defaults(), clock::millis), scope -> limits.getOrDefault(scope, ScopeLimits.NONE),
                new BudgetSettings(80, 110, zone, "finops@example.com"), clock);
    }

    private Budgets dailyBudget(String usd) {
        return budgets(Map.of(ALICE, daily(usd)), ZoneOffset.UTC);
    }

    private static ScopeLimits daily(String usd) {
        return new ScopeLimits(Map.of(BudgetPeriod.DAY, new BigDecimal(usd)), 0, 0);
    }

    private static Budgets.Reservation granted(BudgetDecision decision) {
        return assertInstanceOf(BudgetDecision.Granted.class, decision).reservation();
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void settleReplacesTheReservationByTheRealCost() {
        Budgets budgets = dailyBudget("10");
        Budgets.Reservation r = granted(budgets.reserve(List.of(ALICE), usd("2.50")));
        assertEquals(0, usd("2.5").compareTo(budgets.committedUsd(ALICE, BudgetPeriod.DAY)));
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)));
        budgets.settle(r, usd("0.40"));
        assertEquals(0, usd("0.4").compareTo(budgets.committedUsd(ALICE, BudgetPeriod.DAY)));
        assertEquals(0, usd("0.4").compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)));
        budgets.settle(r, usd("5"));
        assertEquals(0, usd("0.4").compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)), "a second settle is ignored");
    }

    @Test
    void anUnknownCostKeepsTheReservationAsTheEstimateInsteadOfZero() {
        Budgets budgets = dailyBudget("10");
        budgets.settle(granted(budgets.reserve(List.of(ALICE), usd("1.25"))), null);
        assertEquals(0, usd("1.25").compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)));
    }

    @Test
    void releaseGivesTheReservationBack() {
        Budgets budgets = dailyBudget("10");
        Budgets.Reservation r = granted(budgets.reserve(List.of(ALICE), usd("3")));
        budgets.release(r);
        budgets.settle(r, usd("3"));
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.committedUsd(ALICE, BudgetPeriod.DAY)));
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)));
    }

    @Test
    void warnsFromEightyPercentAndRefusesPastTheHardLimitOfOneHundredTen() {
        Budgets budgets = dailyBudget("10");
        budgets.settle(granted(budgets.reserve(List.of(ALICE), usd("7.90"))), usd("7.90"));
        Budgets.Reservation below = granted(budgets.reserve(List.of(ALICE), usd("0.05")));
        assertTrue(below.warnings().isEmpty(), "79.5 % does not warn");
        budgets.settle(below, usd("0.05"));
        Budgets.Reservation at80 = granted(budgets.reserve(List.of(ALICE), usd("0.05")));
        assertEquals(List.of(new BudgetWarning(ALICE, BudgetPeriod.DAY, 80)), at80.warnings());
        assertEquals("key:k1/day 80%", at80.warnings().get(0).headerValue());
        budgets.settle(at80, usd("0.05"));
        // 8.00 spent: up to 3.00 more fits under the 11.00 hard limit, past 100 % of the budget
        Budgets.Reservation over100 = granted(budgets.reserve(List.of(ALICE), usd("3.00")));
        assertEquals(110, over100.warnings().get(0).percent());
        BudgetDecision refused = budgets.reserve(List.of(ALICE), usd("0.000001"));
        BudgetRefusal refusal = assertInstanceOf(BudgetDecision.Refused.class, refused).refusal();
        assertEquals(ALICE, refusal.scope());
        assertEquals(BudgetPeriod.DAY, refusal.period());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), refusal.resetsAt());
        assertEquals("finops@example.com", refusal.contact());
        assertEquals(110, refusal.percentUsed());
    }

    @Test
    void aRefusalHoldsNothingInAnyScope() {
        Budgets budgets = budgets(Map.of(ALICE, daily("100"), PLATFORM, daily("1")), ZoneOffset.UTC);
        BudgetDecision decision = budgets.reserve(List.of(ALICE, PLATFORM), usd("2"));
        assertEquals(PLATFORM, assertInstanceOf(BudgetDecision.Refused.class, decision).refusal().scope());
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.committedUsd(ALICE, BudgetPeriod.DAY)));
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.committedUsd(PLATFORM, BudgetPeriod.DAY)));
    }

    @Test
    void aBudgetAlreadyPastItsHardLimitRefusesEvenWhenThePriceIsUnknown() {
        Budgets budgets = dailyBudget("1");
        budgets.settle(granted(budgets.reserve(List.of(ALICE), usd("1.10"))), usd("1.20"));
        assertInstanceOf(BudgetDecision.Refused.class, budgets.reserve(List.of(ALICE), null));
    }

    @Test
    void theBudgetResetsAtTheStartOfTheNextPeriodInTheConfiguredZone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Budgets budgets = budgets(Map.of(ALICE, daily("1")), tokyo);
        clock.set("2026-11-29T14:30:00Z"); // 23:30 in Tokyo
        budgets.settle(granted(budgets.reserve(List.of(ALICE), usd("1.10"))), usd("1.10"));
        BudgetRefusal refusal = assertInstanceOf(BudgetDecision.Refused.class,
                budgets.reserve(List.of(ALICE), usd("0.01"))).refusal();
        assertEquals(Instant.parse("2026-11-29T15:00:00Z"), refusal.resetsAt(), "midnight in Tokyo");
        clock.advance(Duration.ofMinutes(30));
        granted(budgets.reserve(List.of(ALICE), usd("0.01")));
    }

    @Test
    void aTurnSettledAfterItsPeriodEndedIsChargedToThePeriodItReservedIn() {
        Budgets budgets = dailyBudget("10");
        clock.set("2026-11-29T23:59:50Z");
        Budgets.Reservation r = granted(budgets.reserve(List.of(ALICE), usd("5")));
        clock.set("2026-11-30T00:00:20Z");
        budgets.settle(r, usd("2"));
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.committedUsd(ALICE, BudgetPeriod.DAY)), "new day is empty");
        clock.set("2026-11-29T23:59:59Z");
        assertEquals(0, usd("2").compareTo(budgets.spentUsd(ALICE, BudgetPeriod.DAY)));
    }

    @Test
    void theRefusalNamesTheLongestRefusingPeriod() {
        ScopeLimits limits = new ScopeLimits(Map.of(BudgetPeriod.DAY, usd("1"), BudgetPeriod.MONTH, usd("1")), 0, 0);
        Budgets budgets = budgets(Map.of(PLATFORM, limits), ZoneOffset.UTC);
        budgets.settle(granted(budgets.reserve(List.of(PLATFORM), usd("1.1"))), usd("1.1"));
        BudgetRefusal refusal = assertInstanceOf(BudgetDecision.Refused.class,
                budgets.reserve(List.of(PLATFORM), usd("0.01"))).refusal();
        assertEquals(BudgetPeriod.MONTH, refusal.period());
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), refusal.resetsAt());
    }

    @Test
    void scopesWithoutBudgetsAreNotCounted() {
        Budgets budgets = budgets(Map.of(), ZoneOffset.UTC);
        Budgets.Reservation r = granted(budgets.reserve(List.of(ALICE, PLATFORM), usd("1000")));
        assertTrue(r.warnings().isEmpty());
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.committedUsd(ALICE, BudgetPeriod.DAY)));
    }
}
