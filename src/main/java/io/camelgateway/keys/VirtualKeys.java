package io.camelgateway.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.camelgateway.secrets.SecretRedactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues, rotates and revokes virtual keys and finds the key a request bears. Lookups are cached for at most
 * {@link #STALENESS}, so a key revoked or rotated on any replica sharing the store is refused by every one within
 * that time, and at once by the replica that changed it. Revocations and rotations are also announced to
 * {@code revocations} (the shared state's revoked set, which every replica checks on each request): a revoked key's
 * id, or a rotated key's old hash. While the store cannot be read (database down), a key read in the last
 * {@link #LAST_KNOWN} is accepted as it was then, so known developers keep working through an outage.
 */
public final class VirtualKeys {

    public static final Duration STALENESS = Duration.ofMillis(900);
    /** How long a key read from the store is still accepted, as it was, while the store cannot be read. */
    static final Duration LAST_KNOWN = Duration.ofMinutes(60);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(VirtualKeys.class);

    private final KeyStore store;
    private final KeyHasher hasher;
    private final Clock clock;
    private final Consumer<String> revocations;
    private final Cache<String, Optional<KeyRecord>> byHash = Caffeine.newBuilder()
            .expireAfterWrite(STALENESS).maximumSize(100_000).build();
    /** Keys as last read, for a database outage (revocations made meanwhile cannot be seen anyway). */
    private final Cache<String, KeyRecord> lastKnown = Caffeine.newBuilder()
            .expireAfterWrite(LAST_KNOWN).maximumSize(100_000).build();
    private final AtomicBoolean storeDown = new AtomicBoolean();
    private final AtomicLong nextProbe = new AtomicLong(System.nanoTime());

    public VirtualKeys(KeyStore store, KeyHasher hasher, Clock clock) {
        this(store, hasher, clock, revoked -> { });
    }

    public VirtualKeys(KeyStore store, KeyHasher hasher, Clock clock, Consumer<String> revocations) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.revocations = revocations;
    }

    /** A new plain key (shown to the caller once) and the record stored for it. */
    public record Issued(String plainKey, KeyRecord record) {
    }

    /** Stores {@code draft} (its id, hash and creation time are assigned here) under a new key. */
    public Issued issue(KeyRecord draft) {
        String plain = KeyFormat.newKey();
        SecretRedactor.register(plain);
        KeyRecord record = new KeyRecord(KeyFormat.newId(), hasher.hash(plain), draft.owner(), draft.team(),
                draft.project(), draft.models(), draft.budget(), draft.limits(), draft.expiresAt(), draft.enabled(),
                draft.metadata(), now(), null);
        store.insertKey(record);
        return new Issued(plain, record);
    }

    /** A new key for the same record; the old one is refused from now on. Empty when the id is unknown. */
    public Optional<Issued> rotate(String id) {
        Optional<KeyRecord> current = store.keyById(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        String plain = KeyFormat.newKey();
        SecretRedactor.register(plain);
        KeyRecord rotated = current.get().withHash(hasher.hash(plain));
        store.updateKey(rotated);
        byHash.invalidateAll();
        lastKnown.invalidateAll();
        revocations.accept(current.get().hash());
        return Optional.of(new Issued(plain, rotated));
    }

    public Optional<KeyRecord> revoke(String id) {
        Optional<KeyRecord> current = store.keyById(id);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        KeyRecord revoked = current.get().revokedAt() != null ? current.get() : current.get().revoked(now());
        store.updateKey(revoked);
        byHash.invalidateAll();
        lastKnown.invalidateAll();
        revocations.accept(id);
        return Optional.of(revoked);
    }

    public boolean update(KeyRecord changed) {
        boolean updated = store.updateKey(changed);
        byHash.invalidateAll();
        lastKnown.invalidateAll();
        return updated;
    }

    /** The stored key for a presented plain key, whatever its state (the caller decides whether it is usable). */
    public Optional<KeyRecord> find(String plainKey) {
        if (!KeyFormat.looksLikeKey(plainKey)) {
            return Optional.empty();
        }
        String hash = hasher.hash(plainKey);
        KeyRecord lastRead = lastKnown.getIfPresent(hash);
        if (lastRead != null && storeDown.get() && !probeDue()) {
            // the store is down: known keys do not wait for it; one request a second finds out whether it is back
            return Optional.of(lastRead);
        }
        try {
            Optional<KeyRecord> found = byHash.get(hash, this::load);
            if (storeDown.compareAndSet(true, false)) {
                LOG.info("Key store reachable again");
            }
            return found;
        } catch (KeyStoreException e) {
            KeyRecord known = lastKnown.getIfPresent(hash);
            if (known == null) {
                throw e;
            }
            if (storeDown.compareAndSet(false, true)) {
                LOG.warn("Key store unreachable: keys seen in the last {} min are accepted as last read; others get 503",
                        LAST_KNOWN.toMinutes());
            }
            return Optional.of(known);
        }
    }

    private boolean probeDue() {
        long now = System.nanoTime();
        long due = nextProbe.get();
        return now - due >= 0 && nextProbe.compareAndSet(due, now + PROBE_INTERVAL.toNanos());
    }

    private Optional<KeyRecord> load(String hash) {
        Optional<KeyRecord> found = store.keyByHash(hash);
        found.ifPresent(record -> lastKnown.put(hash, record));
        return found;
    }

    public KeyStore store() {
        return store;
    }

    /** The current time at the precision the databases keep (milliseconds), so what is shown is what is stored. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
