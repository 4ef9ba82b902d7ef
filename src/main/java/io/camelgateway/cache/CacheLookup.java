package io.camelgateway.cache;

import io.camelgateway.canonical.TurnResponse;

/**
 * One request's verdict from the response cache: {@code hit} (with the stored answer to replay), {@code miss} (the
 * answer is stored when it completes) or {@code bypass}; {@link #OFF} when the cache is off.
 */
public final class CacheLookup {

    public static final CacheLookup OFF = new CacheLookup(null, null, null, null, null);

    private final ResponseCache cache;
    private final String verdict;
    private final String key;
    private final CachedAnswer answer;
    private final byte[] stored;

    CacheLookup(ResponseCache cache, String verdict, String key, CachedAnswer answer, byte[] stored) {
        this.cache = cache;
        this.verdict = verdict;
        this.key = key;
        this.answer = answer;
        this.stored = stored;
    }

    /** hit, miss or bypass; null when the cache is off. */
    public String verdict() {
        return verdict;
    }

    public boolean hit() {
        return answer != null;
    }

    /** True when the answer should be captured and stored once it completes. */
    public boolean storesAnswer() {
        return "miss".equals(verdict);
    }

    /** The provider that gave the stored answer (a hit only). */
    public String provider() {
        return answer == null ? null : answer.provider();
    }

    /** The stored answer, without ids (a hit only): {@link AnswerReplay} gives it fresh ones. */
    public TurnResponse answer() {
        return answer == null ? null : answer.response();
    }

    /** Size of the stored answer (a hit only). */
    int storedBytes() {
        return stored == null ? 0 : stored.length;
    }

    /** Stores a completed answer of a miss; blocks for at most Redis's command timeout (a worker thread's call). */
    public void store(String provider, TurnResponse completed) {
        if (storesAnswer() && completed != null) {
            cache.store(key, provider, completed);
        }
    }

    /** Counts the replay of a hit once it was written. */
    public void replayed() {
        if (hit()) {
            cache.replayed(this);
        }
    }
}
