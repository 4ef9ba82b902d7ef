package io.camelgateway.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/** The response cache's meters: lookups by verdict, what hits saved, and the in-process cache's size. */
public final class CacheMeters {

    private final Counter hits;
    private final Counter misses;
    private final Counter bypasses;
    private final LongAdder bytesSaved = new LongAdder();
    private final LongAdder tokensSaved = new LongAdder();

    CacheMeters(MeterRegistry registry, CacheStore store) {
        hits = verdict(registry, "hit");
        misses = verdict(registry, "miss");
        bypasses = verdict(registry, "bypass");
        FunctionCounter.builder("gateway_cache_bytes_saved", bytesSaved, LongAdder::sum)
                .description("Bytes of cached answers replayed instead of fetched from a provider").register(registry);
        FunctionCounter.builder("gateway_cache_tokens_saved", tokensSaved, LongAdder::sum)
                .description("Input plus output tokens of cached answers replayed instead of paid for").register(registry);
        Gauge.builder("gateway_cache_entries", store, CacheStore::localEntries)
                .description("Answers in this replica's in-process cache (not those kept in Redis)").register(registry);
        Gauge.builder("gateway_cache_size_bytes", store, CacheStore::localBytes)
                .description("Bytes held by this replica's in-process cache").register(registry);
    }

    private static Counter verdict(MeterRegistry registry, String result) {
        return Counter.builder("gateway_cache_requests")
                .description("Turns by response cache verdict (hit, miss, bypass)").tag("result", result)
                .register(registry);
    }

    void bypass() {
        bypasses.increment();
    }

    void miss() {
        misses.increment();
    }

    void hit(long bytes, long tokens) {
        hits.increment();
        bytesSaved.add(bytes);
        tokensSaved.add(tokens);
    }
}
