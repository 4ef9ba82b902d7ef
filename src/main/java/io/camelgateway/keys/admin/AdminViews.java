package io.camelgateway.keys.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.json.Json;
import io.camelgateway.keys.Budget;
import io.camelgateway.keys.KeyRecord;
import io.camelgateway.keys.Limits;
import io.camelgateway.keys.TeamRecord;
import java.time.Instant;

/** The JSON the admin API shows for keys and teams: never a key's hash, and the plain key only when just issued. */
final class AdminViews {

    private AdminViews() {
    }

    static ObjectNode key(KeyRecord key, Instant now) {
        ObjectNode view = Json.object().put("id", key.id()).put("owner", key.owner()).put("team", key.team())
                .put("project", key.project());
        view.set("models", Json.MAPPER.valueToTree(key.models()));
        view.set("budget", budget(key.budget()));
        view.set("limits", limits(key.limits()));
        view.put("expires_at", text(key.expiresAt())).put("enabled", key.enabled()).put("status", status(key, now));
        view.set("metadata", key.metadata() == null ? Json.object() : key.metadata());
        return view.put("created_at", text(key.createdAt())).put("revoked_at", text(key.revokedAt()));
    }

    static ObjectNode issued(KeyRecord key, String plainKey, Instant now) {
        ObjectNode view = Json.object().put("id", key.id()).put("key", plainKey);
        view.setAll(key(key, now));
        return view;
    }

    static ObjectNode team(TeamRecord team) {
        ObjectNode view = Json.object().put("name", team.name());
        view.set("budget", budget(team.budget()));
        view.set("limits", limits(team.limits()));
        return view.put("created_at", text(team.createdAt()));
    }

    static String status(KeyRecord key, Instant now) {
        if (key.revokedAt() != null) {
            return "revoked";
        }
        if (!key.enabled()) {
            return "disabled";
        }
        return key.usableAt(now) ? "active" : "expired";
    }

    private static ObjectNode budget(Budget budget) {
        if (budget == null) {
            return null;
        }
        ObjectNode view = Json.object().put("usd", budget.usd());
        return view.put("period", budget.period().wireName());
    }

    private static ObjectNode limits(Limits limits) {
        return limits == null ? null : Json.object().put("rpm", limits.rpm()).put("tpm", limits.tpm());
    }

    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }
}
