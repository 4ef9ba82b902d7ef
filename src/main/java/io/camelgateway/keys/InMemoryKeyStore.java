package io.camelgateway.keys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Keys and teams in this process only (tests, and setups that need no persistence). */
public final class InMemoryKeyStore implements KeyStore {

    private final Map<String, KeyRecord> keysById = new ConcurrentHashMap<>();
    private final Map<String, TeamRecord> teams = new ConcurrentHashMap<>();

    @Override
    public synchronized void insertKey(KeyRecord key) {
        if (keysById.containsKey(key.id()) || keyByHash(key.hash()).isPresent()) {
            throw new IllegalStateException("duplicate key id or hash");
        }
        keysById.put(key.id(), key);
    }

    @Override
    public Optional<KeyRecord> keyById(String id) {
        return Optional.ofNullable(keysById.get(id));
    }

    @Override
    public Optional<KeyRecord> keyByHash(String hash) {
        return keysById.values().stream().filter(key -> KeyHasher.same(key.hash(), hash)).findFirst();
    }

    @Override
    public List<KeyRecord> keys() {
        List<KeyRecord> all = new ArrayList<>(keysById.values());
        all.sort(Comparator.comparing(KeyRecord::createdAt).thenComparing(KeyRecord::id));
        return all;
    }

    @Override
    public synchronized boolean updateKey(KeyRecord key) {
        return keysById.replace(key.id(), key) != null;
    }

    @Override
    public boolean insertTeam(TeamRecord team) {
        return teams.putIfAbsent(team.name(), team) == null;
    }

    @Override
    public Optional<TeamRecord> team(String name) {
        return Optional.ofNullable(teams.get(name));
    }

    @Override
    public List<TeamRecord> teams() {
        List<TeamRecord> all = new ArrayList<>(teams.values());
        all.sort(Comparator.comparing(TeamRecord::name));
        return all;
    }

    @Override
    public boolean updateTeam(TeamRecord team) {
        return teams.replace(team.name(), team) != null;
    }
}
