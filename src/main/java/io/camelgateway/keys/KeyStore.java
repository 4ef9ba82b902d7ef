package io.camelgateway.keys;

import java.util.List;
import java.util.Optional;

/** Where keys and teams live. Implementations are safe for concurrent use. */
public interface KeyStore extends AutoCloseable {

    /** Stores a new key; its id and hash are unique. */
    void insertKey(KeyRecord key);

    Optional<KeyRecord> keyById(String id);

    Optional<KeyRecord> keyByHash(String hash);

    /** Every key, revoked ones included, oldest first. */
    List<KeyRecord> keys();

    /** Replaces the stored key of the same id; false when there is none. */
    boolean updateKey(KeyRecord key);

    /** Stores a new team; false when the name is taken. */
    boolean insertTeam(TeamRecord team);

    Optional<TeamRecord> team(String name);

    List<TeamRecord> teams();

    boolean updateTeam(TeamRecord team);

    @Override
    default void close() {
    }
}
