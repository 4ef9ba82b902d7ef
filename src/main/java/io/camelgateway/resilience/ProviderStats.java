package io.camelgateway.resilience;

import io.camelgateway.canonical.TurnError;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Per-provider retry budgets and the last failure seen, for the retry decisions and {@code /admin/providers}. */
public final class ProviderStats {

    /** The last failure: the gateway's own error text (never a key or a client's content). */
    public record LastError(String code, String message, Instant at) {
    }

    private final Function<String, RetryBudget> newBudget;
    private final Map<String, RetryBudget> budgets = new ConcurrentHashMap<>();
    private final Map<String, LastError> lastErrors = new ConcurrentHashMap<>();

    public ProviderStats(Function<String, RetryBudget> newBudget) {
        this.newBudget = newBudget;
    }

    public RetryBudget budget(String provider) {
        return budgets.computeIfAbsent(provider, newBudget);
    }

    public void recordFailure(String provider, TurnError error) {
        if (error == null) {
            return;
        }
        String message = error.message() == null ? "" : error.message();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        lastErrors.put(provider, new LastError(error.code(), message, Instant.now()));
    }

    public LastError lastError(String provider) {
        return lastErrors.get(provider);
    }
}
