package io.camelgateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.exchange.ResponseHeaders;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.shared.SharedState;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact-match response cache shared across developers. Only what is safe to replay is looked up and stored:
 * a request with {@code temperature: 0}, or one that opts in with the configured header ({@code use}); a request
 * with {@code Cache-Control: no-cache} or {@code no-store} bypasses it. Only completed answers are stored (see
 * {@link CacheKey} for what tells requests apart). Sets {@code x-gateway-cache: hit|miss|bypass} on the response and
 * {@link ExchangeKeys#CACHE} for the ledger and observers.
 */
public final class ResponseCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    public static final String RESPONSE_HEADER = "x-gateway-cache";
    public static final ResponseCache OFF = new ResponseCache(CacheSettings.OFF, null, null);

    private final CacheSettings settings;
    private final CacheStore store;
    private final CacheMeters meters;
    /** Writes answers to Redis off the event loops; when it falls behind, answers are not cached rather than queued. */
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(256), runnable -> {
                Thread thread = new Thread(runnable, "response-cache");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());

    private ResponseCache(CacheSettings settings, CacheStore store, CacheMeters meters) {
        this.settings = settings;
        this.store = store;
        this.meters = meters;
    }

    /** The cache for {@code settings}: {@link #OFF} when disabled; shared through Redis when {@code shared} has it. */
    public static ResponseCache create(CacheSettings settings, SharedState shared, MeterRegistry registry) {
        if (!settings.enabled()) {
            return OFF;
        }
        CacheStore store = new CacheStore(settings, shared);
        return new ResponseCache(settings, store, new CacheMeters(registry, store));
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * The verdict for the request whose first target is {@code target}; a hit holds the answer to replay. Reads
     * Redis when configured: call it on the request's worker thread.
     */
    public CacheLookup lookup(Exchange exchange, ClientTurn turn, ProviderTarget target) {
        if (!settings.enabled()) {
            return CacheLookup.OFF;
        }
        return verdict(exchange, decide(exchange, turn, target));
    }

    /** A request the cache cannot key (its first target is unusable): told {@code bypass}. */
    public CacheLookup bypass(Exchange exchange) {
        if (!settings.enabled()) {
            return CacheLookup.OFF;
        }
        return verdict(exchange, new CacheLookup(this, "bypass", null, null, null));
    }

    private CacheLookup verdict(Exchange exchange, CacheLookup lookup) {
        exchange.setProperty(ExchangeKeys.CACHE, lookup.verdict());
        ResponseHeaders.of(exchange).put(RESPONSE_HEADER, lookup.verdict());
        if ("bypass".equals(lookup.verdict())) {
            meters.bypass();
        } else if ("miss".equals(lookup.verdict())) {
            meters.miss();
        }
        return lookup;
    }

    private CacheLookup decide(Exchange exchange, ClientTurn turn, ProviderTarget target) {
        if (!replayable(exchange, turn.body())) {
            return new CacheLookup(this, "bypass", null, null, null);
        }
        String key;
        try {
            key = CacheKey.of(turn.api().name(), target.provider(), target.upstreamModel(), turn.canonical(),
                    turn.body());
        } catch (RuntimeException unkeyable) {
            LOG.debug("request not cacheable: {}", unkeyable.toString());
            return new CacheLookup(this, "bypass", null, null, null);
        }
        byte[] stored = store.get(key);
        if (stored != null) {
            try {
                return new CacheLookup(this, "hit", key, CachedAnswer.decode(stored), stored);
            } catch (IOException | RuntimeException unreadable) {
                LOG.warn("a cached answer could not be read; the request goes to the provider: {}",
                        unreadable.getClass().getSimpleName());
            }
        }
        return new CacheLookup(this, "miss", key, null, null);
    }

    /** Safe to replay: temperature 0 or the opt-in header, and no Cache-Control that forbids it. */
    private boolean replayable(Exchange exchange, ObjectNode body) {
        String control = exchange.getMessage().getHeader("Cache-Control", String.class);
        if (control != null) {
            String lower = control.toLowerCase(Locale.ROOT);
            if (lower.contains("no-cache") || lower.contains("no-store")) {
                return false;
            }
        }
        if (body.path("n").asInt(1) > 1) {
            return false; // several choices: the cache keeps one answer
        }
        String optIn = exchange.getMessage().getHeader(settings.header(), String.class);
        if (optIn != null && "use".equalsIgnoreCase(optIn.strip())) {
            return true;
        }
        JsonNode temperature = body.get("temperature");
        return temperature != null && temperature.isNumber() && temperature.doubleValue() == 0.0;
    }

    /** Called on the event loop that relayed the answer: Redis writes go to the cache's own thread. */
    void store(String key, String provider, TurnResponse completed) {
        try {
            byte[] encoded = CachedAnswer.encode(provider, completed);
            if (encoded == null || encoded.length > settings.maxEntryBytes()) {
                return;
            }
            if (store.shared()) {
                writer.execute(() -> put(key, encoded));
            } else {
                store.put(key, encoded);
            }
        } catch (RuntimeException e) {
            LOG.warn("an answer could not be cached: {}", e.toString());
        }
    }

    private void put(String key, byte[] encoded) {
        try {
            store.put(key, encoded);
        } catch (RuntimeException e) {
            LOG.warn("an answer could not be cached: {}", e.toString());
        }
    }

    void replayed(CacheLookup hit) {
        Usage usage = hit.answer().usage() == null ? Usage.ZERO : hit.answer().usage();
        meters.hit(hit.storedBytes(), usage.totalTokens());
    }
}
