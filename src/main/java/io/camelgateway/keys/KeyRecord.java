package io.camelgateway.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A virtual key as stored: never the plain key, only its keyed hash. {@code models} empty means every model;
 * {@code budget}, {@code limits}, {@code expiresAt}, {@code team}, {@code project} and {@code metadata} may be null.
 * A revoked key ({@code revokedAt} set) stays stored so that its spend can still be reported.
 */
public record KeyRecord(String id, String hash, String owner, String team, String project, List<String> models,
                        Budget budget, Limits limits, Instant expiresAt, boolean enabled, ObjectNode metadata,
                        Instant createdAt, Instant revokedAt) {

    public KeyRecord {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Whether a request bearing this key may be served at {@code now}. */
    public boolean usableAt(Instant now) {
        return enabled && revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    public KeyRecord withHash(String newHash) {
        return new KeyRecord(id, newHash, owner, team, project, models, budget, limits, expiresAt, enabled, metadata,
                createdAt, revokedAt);
    }

    public KeyRecord revoked(Instant at) {
        return new KeyRecord(id, hash, owner, team, project, models, budget, limits, expiresAt, false, metadata,
                createdAt, at);
    }
}
