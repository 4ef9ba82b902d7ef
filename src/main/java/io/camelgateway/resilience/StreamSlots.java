package io.camelgateway.resilience;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps concurrent turns, globally and per client key: each open stream parks a worker thread, so past the cap the
 * gateway answers 429 with {@code Retry-After} instead of queueing.
 */
public final class StreamSlots {

    private final int maxTotal;
    private final int maxPerKey;
    private final long retryAfterSeconds;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perKey = new ConcurrentHashMap<>();

    public StreamSlots(int maxTotal, int maxPerKey, long retryAfterSeconds) {
        this.maxTotal = maxTotal;
        this.maxPerKey = maxPerKey;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** One held slot; closing it gives the slot back. */
    public final class Slot implements AutoCloseable {
        private final String key;
        private boolean released;

        private Slot(String key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(key);
            }
        }
    }

    /** Takes a slot for {@code clientKey} or throws a 429 {@link GatewayException}. */
    public Slot acquire(String clientKey) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            throw overloaded("The gateway is at its limit of " + maxTotal + " concurrent requests; retry shortly.");
        }
        AtomicInteger mine = perKey.computeIfAbsent(clientKey, k -> new AtomicInteger());
        if (mine.incrementAndGet() > maxPerKey) {
            total.decrementAndGet();
            release(clientKey, mine);
            throw overloaded("Too many concurrent requests for this key (limit " + maxPerKey + "); retry shortly.");
        }
        return new Slot(clientKey);
    }

    public int inUse() {
        return total.get();
    }

    private void release(String key) {
        total.decrementAndGet();
        AtomicInteger mine = perKey.get(key);
        if (mine != null) {
            release(key, mine);
        }
    }

    private void release(String key, AtomicInteger counter) {
        if (counter.decrementAndGet() <= 0) {
            perKey.remove(key, counter);
        }
    }

    private GatewayException overloaded(String message) {
        return new GatewayException(new TurnError(429, "rate_limit_error", "too_many_concurrent_requests", message,
                null, retryAfterSeconds));
    }
}
