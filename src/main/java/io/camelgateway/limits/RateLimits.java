package io.camelgateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests and tokens per minute per key and per team, in fixed one-minute windows aligned to the clock's minutes.
 * Input tokens are counted before the call, output tokens added when it settles. A refused request holds nothing:
 * what it took from other windows is given back. Retry-After is the time until the full window closes, which is
 * exactly when its capacity frees.
 */
public final class RateLimits {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateStore store;
    private final LimitsLookup limits;
    private final Clock clock;

    public RateLimits(RateStore store, LimitsLookup limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    public RateDecision admit(List<LimitScope> scopes, long inputTokens) {
        Instant now = clock.instant();
        long windowStart = now.toEpochMilli() / WINDOW.toMillis() * WINDOW.toMillis();
        Instant windowEnd = Instant.ofEpochMilli(windowStart + WINDOW.toMillis());
        List<Taken> taken = new ArrayList<>();
        List<String> tokenCounters = new ArrayList<>();
        for (LimitScope scope : scopes) {
            ScopeLimits limit = limits.limitsOf(scope);
            if (limit.tokensPerMinute() > 0 && inputTokens > limit.tokensPerMinute()) {
                giveBack(taken);
                return new RateDecision.TooLarge(scope, inputTokens, limit.tokensPerMinute());
            }
            if (limit.requestsPerMinute() > 0) {
                String counter = counterName(scope, "rpm", windowStart);
                if (!store.tryAcquire(counter, 1, limit.requestsPerMinute(), windowEnd)) {
                    giveBack(taken);
                    return limited(scope, "requests", limit.requestsPerMinute(), now, windowEnd);
                }
                taken.add(new Taken(counter, 1, windowEnd));
            }
            if (limit.tokensPerMinute() > 0) {
                String counter = counterName(scope, "tpm", windowStart);
                if (!store.tryAcquire(counter, inputTokens, limit.tokensPerMinute(), windowEnd)) {
                    giveBack(taken);
                    return limited(scope, "tokens", limit.tokensPerMinute(), now, windowEnd);
                }
                taken.add(new Taken(counter, inputTokens, windowEnd));
                tokenCounters.add(scope.storeKey());
            }
        }
        return new RateDecision.Admitted(new Ticket(List.copyOf(tokenCounters)));
    }

    /** Counts the call's output tokens in the current window of every scope with a token limit. */
    public void settleOutput(Ticket ticket, long outputTokens) {
        if (outputTokens <= 0 || ticket.scopeKeys.isEmpty()) {
            return;
        }
        long windowStart = clock.millis() / WINDOW.toMillis() * WINDOW.toMillis();
        Instant windowEnd = Instant.ofEpochMilli(windowStart + WINDOW.toMillis());
        for (String scopeKey : ticket.scopeKeys) {
            store.add("rate:" + scopeKey + ":tpm:" + windowStart, outputTokens, windowEnd);
        }
    }

    /** The count in the current window, for tests and admin output. */
    public long currentCount(LimitScope scope, String kind) {
        long windowStart = clock.millis() / WINDOW.toMillis() * WINDOW.toMillis();
        return store.count(counterName(scope, kind, windowStart));
    }

    private static RateDecision limited(LimitScope scope, String what, long perMinute, Instant now, Instant end) {
        long millis = Duration.between(now, end).toMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        return new RateDecision.Limited(scope, what, perMinute, seconds);
    }

    private void giveBack(List<Taken> taken) {
        taken.forEach(t -> store.add(t.counter(), -t.amount(), t.windowEnd()));
    }

    private static String counterName(LimitScope scope, String kind, long windowStart) {
        return "rate:" + scope.storeKey() + ":" + kind + ":" + windowStart;
    }

    private record Taken(String counter, long amount, Instant windowEnd) {
    }

    /** The scopes whose token windows the call's output is added to. */
    public static final class Ticket {
        private final List<String> scopeKeys;

        Ticket(List<String> scopeKeys) {
            this.scopeKeys = scopeKeys;
        }
    }
}
