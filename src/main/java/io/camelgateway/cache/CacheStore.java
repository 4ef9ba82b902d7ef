package io.camelgateway.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.camelgateway.shared.SharedState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where answers are kept: Redis (through the gateway's shared state, so every replica sees them) while it is
 * configured and reachable, else an in-process Caffeine cache bounded by bytes and time. Both block at most for
 * Redis's command timeout: call them on worker threads only.
 */
final class CacheStore {

    private static final String PREFIX = "cache:";

    private final Cache<String, byte[]> local;
    private final SharedState shared;
    private final long ttlMillis;

    CacheStore(CacheSettings settings, SharedState shared) {
        this.shared = shared;
        this.ttlMillis = Duration.ofSeconds(settings.ttlSeconds()).toMillis();
        this.local = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((String key, byte[] value) -> key.length() + value.length)
                .expireAfterWrite(Duration.ofMillis(ttlMillis))
                .build();
    }

    byte[] get(String key) {
        if (shared != null && shared.sharesValues()) {
            String value = shared.sharedValue(PREFIX + key);
            if (value != null) {
                return value.getBytes(StandardCharsets.UTF_8);
            }
            if (shared.sharesValues()) {
                return null;
            }
        }
        return local.getIfPresent(key);
    }

    void put(String key, byte[] value) {
        if (shared != null && shared.shareValue(PREFIX + key, new String(value, StandardCharsets.UTF_8), ttlMillis)) {
            return;
        }
        local.put(key, value);
    }

    /** True when answers go to Redis (a blocking call). */
    boolean shared() {
        return shared != null && shared.sharesValues();
    }

    /** Answers kept in this process (Redis's are not counted). */
    long localEntries() {
        return local.estimatedSize();
    }

    long localBytes() {
        return local.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0L)).orElse(0L);
    }
}
