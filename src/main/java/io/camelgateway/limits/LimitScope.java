package io.camelgateway.limits;

import java.util.Objects;

/**
 * Whose spend and traffic a limit counts: one virtual key (named for people by its owner) or one team.
 *
 * @param kind  key or team
 * @param id    the key id or the team name (never the key's secret)
 * @param label what error messages call it: the key's owner, or the team name
 */
public record LimitScope(Kind kind, String id, String label) {

    public enum Kind { KEY, TEAM }

    public LimitScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        label = label == null || label.isBlank() ? id : label;
    }

    public static LimitScope key(String keyId, String owner) {
        return new LimitScope(Kind.KEY, keyId, owner);
    }

    public static LimitScope team(String team) {
        return new LimitScope(Kind.TEAM, team, team);
    }

    /** The store key prefix and the warning header's name for it: {@code key:<id>} or {@code team:<name>}. */
    public String storeKey() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }

    /** How messages and headers name it: {@code key <owner>} or {@code team <name>}. */
    public String describe() {
        return kind == Kind.KEY ? "key of " + label : "team " + label;
    }
}
