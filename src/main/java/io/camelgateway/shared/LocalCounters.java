package io.camelgateway.shared;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@link SharedCounters} inside one process, with the same rules as the Redis scripts: what a single replica uses
 * without Redis, and what {@link SharedState} falls back to while Redis is away. Budgets and rate windows lock
 * per scope.
 */
public final class LocalCounters implements SharedCounters {

    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();
    private final Map<String, Rate> rates = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final long reservationTtlMillis;
    private final LongSupplier clock;

    public LocalCounters(SharedSettings settings) {
        this(settings, System::currentTimeMillis);
    }

    /** On {@code clock} (epoch milliseconds): tests move time by hand. */
    public LocalCounters(SharedSettings settings, LongSupplier clock) {
        this.reservationTtlMillis = settings.reservationTtl().toMillis();
        this.clock = clock;
    }

    @Override
    public BudgetResult reserve(String scope, String period, String reservationId, long microUsd, long hardLimitMicroUsd) {
        Budget budget = budget(scope, period);
        synchronized (budget) {
            budget.expire(clock.getAsLong());
            if (budget.held.containsKey(reservationId)) {
                return budget.result(true);
            }
            if (budget.spent + budget.reserved + microUsd > hardLimitMicroUsd) {
                return budget.result(false);
            }
            budget.reserved += microUsd;
            budget.held.put(reservationId, new Held(microUsd, clock.getAsLong() + reservationTtlMillis));
            return budget.result(true);
        }
    }

    @Override
    public BudgetResult settle(String scope, String period, String reservationId, long actualMicroUsd) {
        Budget budget = budget(scope, period);
        synchronized (budget) {
            budget.expire(clock.getAsLong());
            boolean open = budget.drop(reservationId);
            budget.spent += actualMicroUsd;
            return budget.result(open);
        }
    }

    @Override
    public BudgetResult release(String scope, String period, String reservationId) {
        Budget budget = budget(scope, period);
        synchronized (budget) {
            budget.expire(clock.getAsLong());
            return budget.result(budget.drop(reservationId));
        }
    }

    @Override
    public BudgetResult totals(String scope, String period) {
        Budget budget = budget(scope, period);
        synchronized (budget) {
            budget.expire(clock.getAsLong());
            return budget.result(true);
        }
    }

    @Override
    public RateResult acquire(String scope, long amount, long limit, long windowMillis, RateWindow window) {
        return rate(scope, windowMillis, window).count(clock.getAsLong(), amount, limit, true);
    }

    @Override
    public RateResult record(String scope, long amount, long limit, long windowMillis, RateWindow window) {
        return rate(scope, windowMillis, window).count(clock.getAsLong(), amount, limit, false);
    }

    @Override
    public void revoke(String keyId) {
        revoked.add(keyId);
    }

    @Override
    public Set<String> revokedKeys() {
        return new HashSet<>(revoked);
    }

    @Override
    public BudgetResult seedSpent(String scope, String period, long spentMicroUsd) {
        Budget budget = budget(scope, period);
        synchronized (budget) {
            budget.expire(clock.getAsLong());
            if (budget.seeded) {
                return budget.result(false);
            }
            budget.seeded = true;
            budget.spent += spentMicroUsd;
            return budget.result(true);
        }
    }

    @Override
    public void close() {
        budgets.clear();
        rates.clear();
    }

    private Budget budget(String scope, String period) {
        return budgets.computeIfAbsent(scope + ":" + period, key -> new Budget());
    }

    private Rate rate(String scope, long windowMillis, RateWindow window) {
        return rates.computeIfAbsent(scope + ":" + windowMillis + ":" + window, key -> new Rate(windowMillis, window));
    }

    private record Held(long microUsd, long expiresAt) {
    }

    private static final class Budget {
        long spent;
        long reserved;
        boolean seeded;
        final Map<String, Held> held = new HashMap<>();

        void expire(long now) {
            held.values().removeIf(reservation -> {
                if (reservation.expiresAt() > now) {
                    return false;
                }
                reserved -= reservation.microUsd();
                return true;
            });
        }

        boolean drop(String reservationId) {
            Held reservation = held.remove(reservationId);
            if (reservation != null) {
                reserved -= reservation.microUsd();
            }
            return reservation != null;
        }

        BudgetResult result(boolean flag) {
            return new BudgetResult(flag, spent, reserved);
        }
    }

    /** The same arithmetic as the Redis rate script (see {@link RedisScripts#RATE}). */
    private static final class Rate {
        final long window;
        final boolean sliding;
        long index = Long.MIN_VALUE;
        long current;
        long previous;

        Rate(long windowMillis, RateWindow kind) {
            this.window = windowMillis;
            this.sliding = kind == RateWindow.SLIDING;
        }

        synchronized RateResult count(long now, long amount, long limit, boolean enforce) {
            long nowIndex = Math.floorDiv(now, window);
            if (nowIndex != index) {
                previous = nowIndex == index + 1 ? current : 0;
                current = 0;
                index = nowIndex;
            }
            long elapsed = now - nowIndex * window;
            double prior = sliding ? previous : 0;
            double used = prior * (window - elapsed) / window + current;
            if (enforce && used + amount > limit) {
                double retry;
                if (amount > limit) {
                    retry = window;
                } else if (!sliding) {
                    retry = window - elapsed;
                } else if (current + amount <= limit) {
                    retry = (window - elapsed) - (double) (limit - current - amount) * window / prior;
                } else {
                    retry = (window - elapsed) + window - (double) (limit - amount) * window / current;
                }
                return new RateResult(false, Math.max(0, (long) Math.floor(limit - used)), Math.max(1, (long) Math.ceil(retry)));
            }
            current += amount;
            return new RateResult(true, Math.max(0, (long) Math.floor(limit - used - amount)), 0);
        }
    }
}
