package io.camelgateway.shared;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters the request path uses. Without a Redis URL everything is in-process. With one, every operation goes
 * to Redis; when Redis cannot be reached the operation (and every later one) is answered by in-process counters,
 * the state says {@code degraded}, and a background check tries Redis every health-check interval. When Redis
 * answers again: the spend settled locally meanwhile is added to Redis, revocations made meanwhile are published,
 * and sharing resumes. While degraded each replica enforces limits on its own (budgets start from the last spend
 * Redis reported; rate windows start empty). Revocations are read from a local set that a poller refreshes from
 * Redis, so checking a key costs no round trip.
 */
public final class SharedState implements SharedCounters {

    private static final Logger LOG = LoggerFactory.getLogger(SharedState.class);

    private final RedisCounters redis;
    private final SharedSettings settings;
    private volatile LocalCounters local;
    private volatile boolean degraded;
    private final AtomicLong fallbacks = new AtomicLong();
    private final Map<BudgetId, Long> lastSharedSpend = new ConcurrentHashMap<>();
    private final Map<BudgetId, LongAdder> spendNotShared = new ConcurrentHashMap<>();
    private final Map<BudgetId, Long> seedsNotShared = new ConcurrentHashMap<>();
    private final Set<String> revokedNotShared = ConcurrentHashMap.newKeySet();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<Consumer<String>> revocationListeners = new CopyOnWriteArrayList<>();
    private volatile long revocationsVersion = -1;
    private final ScheduledExecutorService background;

    private SharedState(RedisCounters redis, SharedSettings settings) {
        this.redis = redis;
        this.settings = settings;
        this.local = new LocalCounters(settings);
        if (redis == null) {
            background = null;
            return;
        }
        background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "shared-state");
            thread.setDaemon(true);
            return thread;
        });
        try {
            redis.ping();
            pollRevocations();
            LOG.info("Shared state: budgets, rate limits and revocations are shared through Redis");
        } catch (RuntimeException e) {
            fallBack(e);
        }
        long health = settings.healthCheckInterval().toMillis();
        long poll = settings.revocationPoll().toMillis();
        background.scheduleWithFixedDelay(this::tryToResume, health, health, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::pollRevocationsQuietly, poll, poll, TimeUnit.MILLISECONDS);
    }

    /** In-process only (no gateway.redis.url). */
    public static SharedState local(SharedSettings settings) {
        return new SharedState(null, settings);
    }

    /** Shared through Redis at {@code redisUrl}; starts degraded (and keeps trying) when Redis is not there yet. */
    public static SharedState redis(String redisUrl, SharedSettings settings) {
        return new SharedState(new RedisCounters(redisUrl, settings), settings);
    }

    public SharedStatus status() {
        return new SharedStatus(redis == null ? "local" : "redis", degraded, fallbacks.get());
    }

    public boolean degraded() {
        return degraded;
    }

    /** No round trip: the set the poller keeps (this replica's own revocations are in it at once). */
    public boolean isRevoked(String keyId) {
        return revoked.contains(keyId);
    }

    /** Called once for every key newly seen revoked (own or another replica's), e.g. to drop it from a cache. */
    public void onRevoked(Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    @Override
    public BudgetResult reserve(String scope, String period, String reservationId, long microUsd, long hardLimitMicroUsd) {
        BudgetId id = new BudgetId(scope, period);
        return budget(id, counters -> counters.reserve(scope, period, reservationId, microUsd, hardLimitMicroUsd));
    }

    @Override
    public BudgetResult settle(String scope, String period, String reservationId, long actualMicroUsd) {
        BudgetId id = new BudgetId(scope, period);
        return budget(id, counters -> {
            BudgetResult result = counters.settle(scope, period, reservationId, actualMicroUsd);
            if (counters != redis) {
                spendNotShared.computeIfAbsent(id, key -> new LongAdder()).add(actualMicroUsd);
            }
            return result;
        });
    }

    @Override
    public BudgetResult release(String scope, String period, String reservationId) {
        return budget(new BudgetId(scope, period), counters -> counters.release(scope, period, reservationId));
    }

    @Override
    public BudgetResult totals(String scope, String period) {
        return budget(new BudgetId(scope, period), counters -> counters.totals(scope, period));
    }

    @Override
    public BudgetResult seedSpent(String scope, String period, long spentMicroUsd) {
        BudgetId id = new BudgetId(scope, period);
        return budget(id, counters -> {
            BudgetResult result = counters.seedSpent(scope, period, spentMicroUsd);
            if (counters != redis && result.allowed()) {
                seedsNotShared.put(id, spentMicroUsd);
            }
            return result;
        });
    }

    @Override
    public RateResult acquire(String scope, long amount, long limit, long windowMillis, RateWindow window) {
        return either(counters -> counters.acquire(scope, amount, limit, windowMillis, window));
    }

    @Override
    public RateResult record(String scope, long amount, long limit, long windowMillis, RateWindow window) {
        return either(counters -> counters.record(scope, amount, limit, windowMillis, window));
    }

    @Override
    public void revoke(String keyId) {
        markRevoked(keyId);
        if (redis == null || degraded) {
            revokedNotShared.add(keyId);
            return;
        }
        try {
            redis.revoke(keyId);
        } catch (RuntimeException e) {
            revokedNotShared.add(keyId);
            fallBack(e);
        }
    }

    @Override
    public Set<String> revokedKeys() {
        return Set.copyOf(revoked);
    }

    private BudgetResult budget(BudgetId id, Function<SharedCounters, BudgetResult> operation) {
        if (redis != null && !degraded) {
            try {
                BudgetResult result = operation.apply(redis);
                lastSharedSpend.put(id, result.spentMicroUsd());
                return result;
            } catch (RuntimeException e) {
                fallBack(e);
            }
        }
        LocalCounters counters = local;
        Long lastSpend = lastSharedSpend.get(id);
        if (lastSpend != null) {
            counters.seedSpent(id.scope(), id.period(), lastSpend);
        }
        return operation.apply(counters);
    }

    /** True when values can be shared through Redis now (configured and not degraded). */
    public boolean sharesValues() {
        return redis != null && !degraded;
    }

    /**
     * A shared value by name (under the key prefix), or null when absent, or when there is no Redis to ask (then the
     * caller keeps its own copy). Blocks for at most the command timeout: never call it on an event loop.
     */
    public String sharedValue(String name) {
        if (!sharesValues()) {
            return null;
        }
        try {
            return redis.value(name);
        } catch (RuntimeException e) {
            fallBack(e);
            return null;
        }
    }

    /** Shares a value by name for {@code ttlMillis}; false when there is no Redis to share it through. */
    public boolean shareValue(String name, String value, long ttlMillis) {
        if (!sharesValues()) {
            return false;
        }
        try {
            redis.putValue(name, value, ttlMillis);
            return true;
        } catch (RuntimeException e) {
            fallBack(e);
            return false;
        }
    }

    private <T> T either(Function<SharedCounters, T> operation) {
        if (redis != null && !degraded) {
            try {
                return operation.apply(redis);
            } catch (RuntimeException e) {
                fallBack(e);
            }
        }
        return operation.apply(local);
    }

    private void fallBack(RuntimeException cause) {
        synchronized (this) {
            if (degraded) {
                return;
            }
            degraded = true;
            fallbacks.incrementAndGet();
        }
        LOG.warn("Shared state degraded: Redis unreachable ({}); counting budgets and rate limits in this replica only "
                + "until it returns", cause.getClass().getSimpleName());
    }

    private void tryToResume() {
        if (!degraded) {
            return;
        }
        try {
            redis.ping();
            synchronized (this) {
                shareWhatWasCountedLocally();
                local = new LocalCounters(settings);
                degraded = false;
            }
            pollRevocations();
            LOG.info("Shared state resumed: Redis is reachable again; spend and revocations from the outage are shared");
        } catch (RuntimeException stillAway) {
            LOG.debug("Redis still unreachable: {}", stillAway.getClass().getSimpleName());
        }
    }

    private void shareWhatWasCountedLocally() {
        // a seed goes first: Redis takes it only for a budget nobody has seeded, before the outage's spend is added
        for (Map.Entry<BudgetId, Long> seed : Map.copyOf(seedsNotShared).entrySet()) {
            redis.seedSpent(seed.getKey().scope(), seed.getKey().period(), seed.getValue());
            seedsNotShared.remove(seed.getKey());
        }
        for (Map.Entry<BudgetId, LongAdder> entry : spendNotShared.entrySet()) {
            long amount = entry.getValue().sumThenReset();
            if (amount != 0) {
                BudgetId id = entry.getKey();
                BudgetResult result = redis.settle(id.scope(), id.period(), "outage-" + UUID.randomUUID(), amount);
                lastSharedSpend.put(id, result.spentMicroUsd());
            }
        }
        spendNotShared.clear();
        for (String keyId : Set.copyOf(revokedNotShared)) {
            redis.revoke(keyId);
            revokedNotShared.remove(keyId);
        }
    }

    private void pollRevocationsQuietly() {
        if (degraded) {
            return;
        }
        try {
            pollRevocations();
        } catch (RuntimeException e) {
            fallBack(e);
        }
    }

    private void pollRevocations() {
        long version = redis.revocationsVersion();
        if (version != revocationsVersion) {
            redis.revokedKeys().forEach(this::markRevoked);
            revocationsVersion = version;
        }
    }

    private void markRevoked(String keyId) {
        if (revoked.add(keyId)) {
            for (Consumer<String> listener : revocationListeners) {
                listener.accept(keyId);
            }
        }
    }

    @Override
    public void close() {
        if (background != null) {
            background.shutdownNow();
        }
        if (redis != null) {
            redis.close();
        }
        local.close();
    }

    private record BudgetId(String scope, String period) {
    }
}
