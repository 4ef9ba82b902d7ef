package io.camelgateway.limits;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import io.camelgateway.shared.BudgetResult;
import io.camelgateway.shared.SharedCounters;

/**
 * Budgets per key and per team and per calendar period, enforced by reserve-then-settle: before a call the
 * pessimistic cost is reserved against every budget of every scope (each reservation one atomic operation on the
 * {@link SharedCounters}, in this process or in Redis); after it the reservation is replaced by the real cost, or given
 * back when the call failed before using a token. A reservation never settled (a replica died mid-call) returns to
 * the budget after the counters' reservation time-to-live.
 */
public final class Budgets {

    /** Longest first, so a refusal names the period that keeps refusing longest. */
    private static final List<BudgetPeriod> CHECK_ORDER = List.of(BudgetPeriod.MONTH, BudgetPeriod.WEEK,
            BudgetPeriod.DAY);

    private final SharedCounters store;
    private final LimitsLookup limits;
    private final BudgetSettings settings;
    private final Clock clock;
    private final BudgetSeeds seeds;

    /** Counters that start at zero (no ledger). */
    public Budgets(SharedCounters store, LimitsLookup limits, BudgetSettings settings, Clock clock) {
        this(store, limits, settings, clock, null);
    }

    /** Each counter starts from the spend {@code history} (null: none) holds for its period. */
    public Budgets(SharedCounters store, LimitsLookup limits, BudgetSettings settings, Clock clock,
                   SpendHistory history) {
        this.store = store;
        this.limits = limits;
        this.settings = settings;
        this.clock = clock;
        this.seeds = new BudgetSeeds(store, history, clock);
    }

    /**
     * Reserves {@code pessimisticCostUsd} (null when the price is unknown: nothing reserved, but a budget already
     * past its hard limit still refuses) against every budget of {@code scopes}. On refusal nothing stays reserved.
     */
    public BudgetDecision reserve(List<LimitScope> scopes, BigDecimal pessimisticCostUsd) {
        long micros = toMicros(pessimisticCostUsd);
        Instant now = clock.instant();
        String reservationId = UUID.randomUUID().toString();
        List<Hold> holds = new ArrayList<>();
        List<BudgetWarning> warnings = new ArrayList<>();
        for (LimitScope scope : scopes) {
            Map<BudgetPeriod, BigDecimal> budgets = limits.limitsOf(scope).budgetsUsd();
            for (BudgetPeriod period : CHECK_ORDER) {
                BigDecimal budget = budgets.get(period);
                if (budget == null) {
                    continue;
                }
                BudgetPeriod.PeriodWindow window = period.windowAt(now, settings.zone());
                Hold hold = new Hold(scope.storeKey(), periodName(window), micros);
                seeds.ensureSeeded(scope, window, hold.period());
                long budgetMicros = toMicros(budget);
                long cap = budgetMicros * settings.hardPercent() / 100;
                BudgetResult result = store.reserve(hold.scope(), hold.period(), reservationId, micros, cap);
                if (!result.allowed()) {
                    holds.forEach(h -> store.release(h.scope(), h.period(), reservationId));
                    return new BudgetDecision.Refused(new BudgetRefusal(scope, period, budget,
                            percentOf(result.committedMicroUsd(), budgetMicros), window.end(), settings.contact(),
                            pessimisticCostUsd));
                }
                holds.add(hold);
                int percent = percentOf(result.committedMicroUsd(), budgetMicros);
                if (percent >= settings.warnPercent()) {
                    warnings.add(new BudgetWarning(scope, period, percent));
                }
            }
        }
        return new BudgetDecision.Granted(new Reservation(reservationId, List.copyOf(holds), List.copyOf(warnings)));
    }

    /**
     * Replaces the reservation by the real cost. A null cost (the price or the usage is unknown) keeps the
     * reservation as the estimate, so a turn that used tokens is never counted as free.
     */
    public void settle(Reservation reservation, BigDecimal actualCostUsd) {
        if (!reservation.closed.compareAndSet(false, true)) {
            return;
        }
        for (Hold hold : reservation.holds) {
            long actual = actualCostUsd == null ? hold.micros() : toMicros(actualCostUsd);
            store.settle(hold.scope(), hold.period(), reservation.id, actual);
        }
    }

    /** Gives the reservation back: the call failed before the provider used a token. */
    public void release(Reservation reservation) {
        if (!reservation.closed.compareAndSet(false, true)) {
            return;
        }
        reservation.holds.forEach(h -> store.release(h.scope(), h.period(), reservation.id));
    }

    /** Spent plus reserved in the current period of {@code scope}, in US dollars. */
    public BigDecimal committedUsd(LimitScope scope, BudgetPeriod period) {
        return fromMicros(totals(scope, period).committedMicroUsd());
    }

    /** Settled spend in the current period of {@code scope}, in US dollars. */
    public BigDecimal spentUsd(LimitScope scope, BudgetPeriod period) {
        return fromMicros(totals(scope, period).spentMicroUsd());
    }

    private BudgetResult totals(LimitScope scope, BudgetPeriod period) {
        BudgetPeriod.PeriodWindow window = period.windowAt(clock.instant(), settings.zone());
        seeds.ensureSeeded(scope, window, periodName(window));
        return store.totals(scope.storeKey(), periodName(window));
    }

    /** A new period is a new name, so it starts at zero: {@code day:<start in epoch seconds>}. */
    static String periodName(BudgetPeriod.PeriodWindow window) {
        return window.period().label() + ":" + window.start().getEpochSecond();
    }

    static long toMicros(BigDecimal usd) {
        if (usd == null || usd.signum() <= 0) {
            return 0;
        }
        return usd.movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static BigDecimal fromMicros(long micros) {
        return BigDecimal.valueOf(micros).movePointLeft(6);
    }

    private static int percentOf(long micros, long budgetMicros) {
        return (int) Math.min(Integer.MAX_VALUE, micros * 100 / budgetMicros);
    }

    record Hold(String scope, String period, long micros) {
    }

    /** What one request holds against the budgets until it is settled or released. */
    public static final class Reservation {
        private final String id;
        private final List<Hold> holds;
        private final List<BudgetWarning> warnings;
        private final AtomicBoolean closed = new AtomicBoolean();

        Reservation(String id, List<Hold> holds, List<BudgetWarning> warnings) {
            this.id = id;
            this.holds = holds;
            this.warnings = warnings;
        }

        /** Budgets at or past the warning threshold once this reservation was added. */
        public List<BudgetWarning> warnings() {
            return warnings;
        }
    }
}
