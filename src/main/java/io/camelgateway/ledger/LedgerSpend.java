package io.camelgateway.ledger;

import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.limits.LimitScope;
import io.camelgateway.limits.SpendHistory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** A key's or a team's spend from the turn summaries; turns of unknown cost count nothing (their cost is null). */
public final class LedgerSpend implements SpendHistory {

    private static final String BY_KEY = "SELECT SUM(cost_usd) FROM ledger_turn"
            + " WHERE key_id = ? AND created_at >= ? AND created_at < ?";
    private static final String BY_TEAM = "SELECT SUM(cost_usd) FROM ledger_turn"
            + " WHERE team = ? AND created_at >= ? AND created_at < ?";

    private final GatewayDatabase database;

    public LedgerSpend(GatewayDatabase database) {
        this.database = database;
    }

    @Override
    public BigDecimal spentUsd(LimitScope scope, Instant from, Instant to) throws SQLException {
        String sql = scope.kind() == LimitScope.Kind.KEY ? BY_KEY : BY_TEAM;
        try (Connection c = database.connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(queryTimeoutSeconds());
            s.setString(1, scope.id());
            s.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                BigDecimal sum = r.getBigDecimal(1);
                return sum == null ? BigDecimal.ZERO : sum;
            }
        }
    }

    private int queryTimeoutSeconds() {
        return (int) Math.max(1, database.settings().connectTimeout().toSeconds());
    }
}
