package io.camelgateway.limits;

import io.camelgateway.shared.RateResult;
import io.camelgateway.shared.RateWindow;
import io.camelgateway.shared.SharedCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests and tokens per minute per key and per team, in fixed one-minute windows aligned to the clock's minutes
 * (the counters' clock: Redis's when shared). Input tokens are counted before the call, output tokens added when it
 * settles. A refused request holds nothing: what it took from other windows is given back. Retry-After is the time
 * until the full window closes, which is exactly when its capacity frees.
 */
public final class RateLimits {

    static final Duration WINDOW = Duration.ofMinutes(1);
    /** A limit no window reaches, for reading a count (exact in the counters' double arithmetic). */
    private static final long UNREACHABLE = 1L << 52;

    private final SharedCounters store;
    private final LimitsLookup limits;

    public RateLimits(SharedCounters store, LimitsLookup limits) {
        this.store = store;
        this.limits = limits;
    }

    public RateDecision admit(List<LimitScope> scopes, long inputTokens) {
        List<Taken> taken = new ArrayList<>();
        List<Taken> tokenWindows = new ArrayList<>();
        for (LimitScope scope : scopes) {
            ScopeLimits limit = limits.limitsOf(scope);
            if (limit.tokensPerMinute() > 0 && inputTokens > limit.tokensPerMinute()) {
                giveBack(taken);
                return new RateDecision.TooLarge(scope, inputTokens, limit.tokensPerMinute());
            }
            if (limit.requestsPerMinute() > 0) {
                Taken requests = new Taken(counterName(scope, "rpm"), 1, limit.requestsPerMinute());
                RateResult result = acquire(requests);
                if (!result.allowed()) {
                    giveBack(taken);
                    return limited(scope, "requests", limit.requestsPerMinute(), result);
                }
                taken.add(requests);
            }
            if (limit.tokensPerMinute() > 0) {
                Taken tokens = new Taken(counterName(scope, "tpm"), inputTokens, limit.tokensPerMinute());
                RateResult result = acquire(tokens);
                if (!result.allowed()) {
                    giveBack(taken);
                    return limited(scope, "tokens", limit.tokensPerMinute(), result);
                }
                taken.add(tokens);
                tokenWindows.add(tokens);
            }
        }
        return new RateDecision.Admitted(new Ticket(List.copyOf(tokenWindows)));
    }

    /** Counts the call's output tokens in the current window of every scope with a token limit. */
    public void settleOutput(Ticket ticket, long outputTokens) {
        if (outputTokens <= 0) {
            return;
        }
        for (Taken window : ticket.tokenWindows) {
            store.record(window.counter(), outputTokens, window.limit(), WINDOW.toMillis(), RateWindow.FIXED);
        }
    }

    /** The count in the current window, for tests and admin output. */
    public long currentCount(LimitScope scope, String kind) {
        RateResult read = store.record(counterName(scope, kind), 0, UNREACHABLE, WINDOW.toMillis(), RateWindow.FIXED);
        return UNREACHABLE - read.remaining();
    }

    private RateResult acquire(Taken taken) {
        return store.acquire(taken.counter(), taken.amount(), taken.limit(), WINDOW.toMillis(), RateWindow.FIXED);
    }

    private static RateDecision limited(LimitScope scope, String what, long perMinute, RateResult result) {
        return new RateDecision.Limited(scope, what, perMinute, Math.max(1, result.retryAfterSeconds()));
    }

    private void giveBack(List<Taken> taken) {
        taken.forEach(t -> store.record(t.counter(), -t.amount(), t.limit(), WINDOW.toMillis(), RateWindow.FIXED));
    }

    private static String counterName(LimitScope scope, String kind) {
        return scope.storeKey() + ":" + kind;
    }

    private record Taken(String counter, long amount, long limit) {
    }

    /** The token windows the call's output is added to. */
    public static final class Ticket {
        private final List<Taken> tokenWindows;

        Ticket(List<Taken> tokenWindows) {
            this.tokenWindows = tokenWindows;
        }
    }
}
