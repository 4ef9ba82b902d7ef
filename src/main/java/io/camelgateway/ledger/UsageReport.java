package io.camelgateway.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.json.Json;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The chargeback report over the turn summaries: grouped by any of owner, team, model, provider, route and day,
 * within [from, to). Group names map to fixed columns, so no client text reaches the SQL.
 */
public final class UsageReport {

    /** Report field → SQL expression (portable between H2 and PostgreSQL). */
    static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("owner", "owner_name");
        GROUPS.put("team", "team");
        GROUPS.put("project", "project");
        GROUPS.put("model", "upstream_model");
        GROUPS.put("provider", "provider");
        GROUPS.put("route", "route");
        GROUPS.put("day", "CAST(created_at AS DATE)");
    }

    static final List<String> NUMBERS = List.of("requests", "input_tokens", "cached_input_tokens",
            "cache_write_tokens", "output_tokens", "reasoning_tokens", "cost_usd", "unpriced_requests",
            "estimated_requests");
    /** In the JSON report after {@link #NUMBERS} (the CSV keeps its columns): requests the response cache answered. */
    static final String CACHE_HITS = "cache_hits";

    private final GatewayDatabase database;
    private final Supplier<String> flagshipModel;

    /** {@code flagship}: the model the savings line compares with (prices.yaml's {@code flagship}), may give null. */
    public UsageReport(GatewayDatabase database, Supplier<String> flagship) {
        this.database = database;
        this.flagshipModel = flagship;
    }

    /** One report row: the grouping values (text) then the numbers. */
    public record Row(Map<String, String> groups, Map<String, BigDecimal> numbers) {
    }

    public List<Row> rows(List<String> groupBy, OffsetDateTime from, OffsetDateTime to) throws SQLException {
        StringBuilder select = new StringBuilder("SELECT ");
        for (String group : groupBy) {
            select.append(GROUPS.get(group)).append(" AS g_").append(group).append(", ");
        }
        select.append("COUNT(*), SUM(input_tokens), SUM(cached_input_tokens), SUM(cache_write_tokens),"
                + " SUM(output_tokens), SUM(reasoning_tokens), SUM(cost_usd),"
                + " SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN usage_estimated THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN cache = 'hit' THEN 1 ELSE 0 END)"
                + " FROM ledger_turn WHERE created_at >= ? AND created_at < ?");
        if (!groupBy.isEmpty()) {
            String columns = String.join(", ", groupBy.stream().map(GROUPS::get).toList());
            select.append(" GROUP BY ").append(columns).append(" ORDER BY ").append(columns);
        }
        List<Row> rows = new ArrayList<>();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(select.toString())) {
            s.setObject(1, from);
            s.setObject(2, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, String> groups = new LinkedHashMap<>();
                    int i = 0;
                    for (String group : groupBy) {
                        Object value = r.getObject(++i);
                        groups.put(group, value == null ? null : value.toString());
                    }
                    Map<String, BigDecimal> numbers = new LinkedHashMap<>();
                    for (String number : NUMBERS) {
                        BigDecimal value = r.getBigDecimal(++i);
                        numbers.put(number, value == null && !number.equals("cost_usd") ? BigDecimal.ZERO : value);
                    }
                    BigDecimal hits = r.getBigDecimal(++i);
                    numbers.put(CACHE_HITS, hits == null ? BigDecimal.ZERO : hits);
                    rows.add(new Row(groups, numbers));
                }
            }
        }
        return rows;
    }

    /**
     * What the routed turns cost against the same tokens at the flagship's price: turns with a route whose model
     * and flagship are both priced. The flagship price is the one in force when each turn was recorded.
     */
    public ObjectNode savings(OffsetDateTime from, OffsetDateTime to) throws SQLException {
        String sql = "SELECT COUNT(*), SUM(cost_usd), SUM(flagship_cost_usd) FROM ledger_turn"
                + " WHERE created_at >= ? AND created_at < ? AND route IS NOT NULL"
                + " AND cost_usd IS NOT NULL AND flagship_cost_usd IS NOT NULL";
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, from);
            s.setObject(2, to);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                BigDecimal cost = orZero(r.getBigDecimal(2));
                BigDecimal flagship = orZero(r.getBigDecimal(3));
                return Json.object().put("flagship", flagshipModel.get()).put("routed_requests", r.getLong(1)).put("cost_usd", cost)
                        .put("flagship_cost_usd", flagship).put("saved_usd", flagship.subtract(cost));
            }
        }
    }

    /** One Codex session's turns, oldest first. */
    public ArrayNode session(String sessionId) throws SQLException {
        String sql = "SELECT created_at, request_id, key_id, owner_name AS owner, team, project, turn_id, thread_id,"
                + " request_kind, requested_model, provider,"
                + " upstream_model, route, attempts, input_tokens, cached_input_tokens, cache_write_tokens,"
                + " output_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, ttft_ms, status,"
                + " error_code, terminal_event, tool_call_count, tool_call_names, cache"
                + " FROM ledger_turn WHERE session_id = ? ORDER BY created_at, id";
        ArrayNode turns = Json.array();
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, sessionId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ObjectNode turn = turns.addObject();
                    turn.put("time", r.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toString());
                    int columns = r.getMetaData().getColumnCount();
                    for (int i = 2; i <= columns; i++) {
                        String name = r.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
                        Object value = r.getObject(i);
                        if (value == null) {
                            turn.putNull(name);
                        } else if (value instanceof Number || value instanceof Boolean) {
                            turn.set(name, Json.MAPPER.valueToTree(value));
                        } else {
                            turn.put(name, value.toString());
                        }
                    }
                }
            }
        }
        return turns;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
