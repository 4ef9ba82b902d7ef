package io.camelgateway.ledger;

/** Who sent a turn, as far as the gateway knows: key id, owner, team and project tag (any may be null). */
public record Caller(String keyId, String owner, String team, String project) {

    public static final Caller ANONYMOUS = new Caller(null, null, null, null);
}
