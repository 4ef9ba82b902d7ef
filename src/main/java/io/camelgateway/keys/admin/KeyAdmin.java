package io.camelgateway.keys.admin;

import static io.camelgateway.keys.admin.AdminRequest.invalid;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import io.camelgateway.keys.KeyRecord;
import io.camelgateway.keys.KeyStoreException;
import io.camelgateway.keys.VirtualKeys;
import io.camelgateway.ops.AdminAccess;
import java.time.Instant;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code /admin/keys}: issue (POST, the only answer holding the plain key), list and show (GET, never a secret),
 * change (PATCH), rotate ({@code POST …/rotate}, a new plain key once) and revoke (DELETE) virtual keys.
 */
public final class KeyAdmin implements Processor {

    private static final Set<String> FIELDS = Set.of("owner", "team", "project", "models", "budget", "limits",
            "expires_at", "enabled", "metadata");

    private final VirtualKeys keys;
    private final AdminAccess access;

    /** {@code keys} is null when the key API is off (no admin token or no pepper): every request is then 404. */
    public KeyAdmin(VirtualKeys keys, AdminAccess access) {
        this.keys = keys;
        this.access = access;
    }

    @Override
    public void process(Exchange exchange) {
        AdminRequest.authorize(exchange, access, keys != null);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String id = exchange.getMessage().getHeader("id", String.class);
        boolean rotate = "admin-key-rotate".equals(exchange.getFromRouteId());
        try {
            if (id == null) {
                if ("POST".equals(method)) {
                    issue(exchange);
                } else {
                    list(exchange);
                }
            } else if (rotate) {
                rotate(exchange, id);
            } else {
                switch (method) {
                    case "PATCH" -> patch(exchange, id);
                    case "DELETE" -> revoke(exchange, id);
                    default -> AdminRequest.answer(exchange, 200, AdminViews.key(existing(id), now()));
                }
            }
        } catch (KeyStoreException e) {
            throw new GatewayException(new TurnError(503, "server_error", "key_store_unavailable",
                    "The key store cannot be reached right now; retry shortly.", null, 1L));
        }
    }

    private void issue(Exchange exchange) {
        ObjectNode body = AdminRequest.body(exchange);
        FieldReader.onlyKnown(body, FIELDS, "");
        String owner = FieldReader.text(body.get("owner"), "owner");
        if (owner == null) {
            throw invalid("'owner' is required: the developer or service the key is for.", "owner");
        }
        KeyRecord draft = new KeyRecord(null, null, owner, FieldReader.text(body.get("team"), "team"),
                FieldReader.text(body.get("project"), "project"), FieldReader.models(body.get("models")),
                FieldReader.budget(body.get("budget")), FieldReader.limits(body.get("limits")),
                FieldReader.time(body.get("expires_at"), "expires_at"),
                !body.has("enabled") || FieldReader.flag(body.get("enabled"), "enabled"),
                FieldReader.metadata(body.get("metadata")), null, null);
        VirtualKeys.Issued issued = keys.issue(draft);
        AdminRequest.answer(exchange, 201, AdminViews.issued(issued.record(), issued.plainKey(), now()));
    }

    private void list(Exchange exchange) {
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        Instant now = now();
        for (KeyRecord key : keys.store().keys()) {
            data.add(AdminViews.key(key, now));
        }
        AdminRequest.answer(exchange, 200, root);
    }

    private void patch(Exchange exchange, String id) {
        ObjectNode body = AdminRequest.body(exchange);
        FieldReader.onlyKnown(body, FIELDS, "");
        KeyRecord current = existing(id);
        refuseRevoked(current);
        String owner = current.owner();
        if (body.has("owner")) {
            owner = FieldReader.text(body.get("owner"), "owner");
            if (owner == null) {
                throw invalid("'owner' cannot be removed.", "owner");
            }
        }
        KeyRecord changed = new KeyRecord(current.id(), current.hash(), owner,
                body.has("team") ? FieldReader.text(body.get("team"), "team") : current.team(),
                body.has("project") ? FieldReader.text(body.get("project"), "project") : current.project(),
                body.has("models") ? FieldReader.models(body.get("models")) : current.models(),
                body.has("budget") ? FieldReader.budget(body.get("budget")) : current.budget(),
                body.has("limits") ? FieldReader.limits(body.get("limits")) : current.limits(),
                body.has("expires_at") ? FieldReader.time(body.get("expires_at"), "expires_at") : current.expiresAt(),
                body.has("enabled") ? FieldReader.flag(body.get("enabled"), "enabled") : current.enabled(),
                body.has("metadata") ? FieldReader.metadata(body.get("metadata")) : current.metadata(),
                current.createdAt(), null);
        if (!keys.update(changed)) {
            throw unknown(id);
        }
        AdminRequest.answer(exchange, 200, AdminViews.key(changed, now()));
    }

    private void rotate(Exchange exchange, String id) {
        refuseRevoked(existing(id));
        VirtualKeys.Issued issued = keys.rotate(id).orElseThrow(() -> unknown(id));
        AdminRequest.answer(exchange, 200, AdminViews.issued(issued.record(), issued.plainKey(), now()));
    }

    private void revoke(Exchange exchange, String id) {
        KeyRecord revoked = keys.revoke(id).orElseThrow(() -> unknown(id));
        AdminRequest.answer(exchange, 200, AdminViews.key(revoked, now()));
    }

    private KeyRecord existing(String id) {
        return keys.store().keyById(id).orElseThrow(() -> unknown(id));
    }

    private static void refuseRevoked(KeyRecord key) {
        if (key.revokedAt() != null) {
            throw new GatewayException(new TurnError(409, "invalid_request_error", "key_revoked",
                    "Key " + key.id() + " was revoked at " + key.revokedAt() + "; issue a new key instead.", null, null));
        }
    }

    private static GatewayException unknown(String id) {
        String shown = id.length() > 80 ? id.substring(0, 80) + "…" : id;
        return new GatewayException(TurnError.notFound("key_not_found", "No key with id '" + shown + "'."));
    }

    private Instant now() {
        return keys.now();
    }
}
