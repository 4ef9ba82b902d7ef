package io.camelgateway.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;
import io.camelgateway.ops.AdminAccess;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/usage?group_by=…&from=…&to=…} (JSON, or CSV with {@code Accept: text/csv}) and
 * {@code GET /admin/usage/sessions/{id}}: the chargeback report, the savings line and one Codex session's turns.
 * Admin token rules as every admin endpoint.
 */
public final class AdminUsage implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AdminUsage.class);
    private static final int MAX_SESSION_ID = 128;

    private final UsageReport report;
    private final AdminAccess access;
    private final Function<TurnError, byte[]> errorBodies;

    /** {@code report} null: the ledger is off and the endpoints answer 404. */
    public AdminUsage(UsageReport report, AdminAccess access, Function<TurnError, byte[]> errorBodies) {
        this.report = report;
        this.access = access;
        this.errorBodies = errorBodies;
    }

    @Override
    public void process(Exchange exchange) {
        var in = exchange.getMessage();
        String authorization = in.getHeader("Authorization", String.class);
        String remote = exchange.getIn() instanceof HttpMessage http && http.getRequest().remoteAddress() != null
                ? http.getRequest().remoteAddress().hostAddress() : null;
        String session = in.getHeader("sessionId", String.class);
        String groupBy = in.getHeader("group_by", String.class);
        String from = in.getHeader("from", String.class);
        String to = in.getHeader("to", String.class);
        String accept = in.getHeader("Accept", String.class);
        in.removeHeaders("*");
        if (!access.allows(authorization, remote)) {
            error(exchange, new TurnError(403, "permission_error", "admin_forbidden",
                    "The admin endpoints need the admin token (gateway.admin.token), or a loopback client when none is set.",
                    null, null));
            return;
        }
        if (report == null) {
            error(exchange, new TurnError(404, "invalid_request_error", "ledger_off",
                    "The spend ledger is off (gateway.ledger.enabled=false), so there is no usage to report.", null, null));
            return;
        }
        try {
            if (session != null) {
                if (session.isBlank() || session.length() > MAX_SESSION_ID) {
                    throw new IllegalArgumentException("sessionId: expected a Codex session id");
                }
                ArrayNode turns = report.session(session);
                json(exchange, Json.object().put("session_id", session).set("turns", turns));
                return;
            }
            List<String> groups = groups(groupBy);
            OffsetDateTime start = time("from", from, OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
            OffsetDateTime end = time("to", to, OffsetDateTime.now(ZoneOffset.UTC).plusYears(1));
            List<UsageReport.Row> rows = report.rows(groups, start, end);
            if (accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv")) {
                in.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
                in.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
                in.setBody(UsageCsv.render(groups, rows).getBytes(StandardCharsets.UTF_8));
                return;
            }
            ObjectNode body = Json.object();
            body.put("from", start.toString()).put("to", end.toString());
            ArrayNode list = body.putArray("rows");
            for (UsageReport.Row row : rows) {
                ObjectNode entry = list.addObject();
                row.groups().forEach(entry::put);
                row.numbers().forEach((name, value) -> {
                    if (value == null) {
                        entry.putNull(name);
                    } else if (name.equals("cost_usd")) {
                        entry.put(name, value);
                    } else {
                        entry.put(name, value.longValue());
                    }
                });
            }
            body.set("savings", report.savings(start, end));
            json(exchange, body);
        } catch (IllegalArgumentException e) {
            error(exchange, new TurnError(400, "invalid_request_error", "invalid_parameter", e.getMessage(), null, null));
        } catch (SQLException e) {
            LOG.warn("usage report failed (SQL state {})", e.getSQLState());
            error(exchange, new TurnError(503, "server_error", "ledger_unavailable",
                    "The ledger database cannot be read right now; retry later.", null, 5L));
        }
    }

    static List<String> groups(String groupBy) {
        List<String> groups = new ArrayList<>();
        if (groupBy == null || groupBy.isBlank()) {
            return groups;
        }
        for (String part : groupBy.split(",")) {
            String group = part.trim().toLowerCase(Locale.ROOT);
            if (!UsageReport.GROUPS.containsKey(group)) {
                throw new IllegalArgumentException("group_by: '" + part.trim() + "' is not one of "
                        + String.join(", ", UsageReport.GROUPS.keySet()));
            }
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return groups;
    }

    /** An ISO date (midnight UTC) or date-time; {@code fallback} when absent. */
    static OffsetDateTime time(String name, String value, OffsetDateTime fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": expected a date (2026-11-01) or an ISO date-time");
        }
    }

    private static void json(Exchange exchange, ObjectNode body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.bytes(body));
    }

    private void error(Exchange exchange, TurnError error) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(errorBodies.apply(error));
    }
}
