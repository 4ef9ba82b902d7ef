package io.camelgateway.keys;

import java.util.List;

/** Who a turn is for, from its virtual key: what later pieces (budgets, limits, the ledger) key on. */
public record KeyPrincipal(String keyId, String owner, String team, String project, List<String> models) {

    static KeyPrincipal of(KeyRecord key) {
        return new KeyPrincipal(key.id(), key.owner(), key.team(), key.project(), key.models());
    }
}
