package io.camelgateway.keys.admin;

import static io.camelgateway.keys.admin.AdminRequest.invalid;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import io.camelgateway.keys.KeyStoreException;
import io.camelgateway.keys.TeamRecord;
import io.camelgateway.keys.VirtualKeys;
import io.camelgateway.ops.AdminAccess;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code /admin/teams}: create (POST), list and show (GET) and change (PATCH) teams and their budgets and limits. */
public final class TeamAdmin implements Processor {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final VirtualKeys keys;
    private final AdminAccess access;

    public TeamAdmin(VirtualKeys keys, AdminAccess access) {
        this.keys = keys;
        this.access = access;
    }

    @Override
    public void process(Exchange exchange) {
        AdminRequest.authorize(exchange, access, keys != null);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String name = exchange.getMessage().getHeader("name", String.class);
        try {
            if (name == null) {
                if ("POST".equals(method)) {
                    create(exchange);
                } else {
                    list(exchange);
                }
            } else if ("PATCH".equals(method)) {
                patch(exchange, name);
            } else {
                AdminRequest.answer(exchange, 200, AdminViews.team(existing(name)));
            }
        } catch (KeyStoreException e) {
            throw new GatewayException(new TurnError(503, "server_error", "key_store_unavailable",
                    "The key store cannot be reached right now; retry shortly.", null, 1L));
        }
    }

    private void create(Exchange exchange) {
        ObjectNode body = AdminRequest.body(exchange);
        FieldReader.onlyKnown(body, Set.of("name", "budget", "limits"), "");
        String name = FieldReader.text(body.get("name"), "name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("'name' is required: letters, digits, '.', '_' or '-', at most 100 characters.", "name");
        }
        TeamRecord team = new TeamRecord(name, FieldReader.budget(body.get("budget")),
                FieldReader.limits(body.get("limits")), keys.now());
        if (!keys.store().insertTeam(team)) {
            throw new GatewayException(new TurnError(409, "invalid_request_error", "team_exists",
                    "A team named '" + name + "' exists already; change it with PATCH /admin/teams/" + name + ".",
                    "name", null));
        }
        AdminRequest.answer(exchange, 201, AdminViews.team(team));
    }

    private void list(Exchange exchange) {
        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        keys.store().teams().forEach(team -> data.add(AdminViews.team(team)));
        AdminRequest.answer(exchange, 200, root);
    }

    private void patch(Exchange exchange, String name) {
        ObjectNode body = AdminRequest.body(exchange);
        FieldReader.onlyKnown(body, Set.of("budget", "limits"), "");
        TeamRecord current = existing(name);
        TeamRecord changed = new TeamRecord(name,
                body.has("budget") ? FieldReader.budget(body.get("budget")) : current.budget(),
                body.has("limits") ? FieldReader.limits(body.get("limits")) : current.limits(), current.createdAt());
        if (!keys.store().updateTeam(changed)) {
            throw unknown(name);
        }
        AdminRequest.answer(exchange, 200, AdminViews.team(changed));
    }

    private TeamRecord existing(String name) {
        return keys.store().team(name).orElseThrow(() -> unknown(name));
    }

    private static GatewayException unknown(String name) {
        String shown = name.length() > 100 ? name.substring(0, 100) + "…" : name;
        return new GatewayException(TurnError.notFound("team_not_found", "No team named '" + shown + "'."));
    }
}
