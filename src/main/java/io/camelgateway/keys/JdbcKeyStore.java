package io.camelgateway.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keys and teams in the gateway's database (H2 or PostgreSQL), shared by every replica using it. The database is the
 * gateway's (the ledger writes to it too), so closing it is the owner's business.
 */
public final class JdbcKeyStore implements KeyStore {

    private static final String KEY_COLUMNS = "id, key_hash, owner, team, project, models, budget_usd, budget_period,"
            + " limit_rpm, limit_tpm, expires_at, enabled, metadata, created_at, revoked_at";
    private static final String TEAM_COLUMNS = "name, budget_usd, budget_period, limit_rpm, limit_tpm, created_at";

    private final GatewayDatabase database;

    public JdbcKeyStore(GatewayDatabase database) {
        this.database = database;
    }

    @Override
    public void insertKey(KeyRecord key) {
        update("INSERT INTO gateway_keys (" + KEY_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", statement -> {
            statement.setString(1, key.id());
            statement.setString(2, key.hash());
            bindKeyFields(statement, key, 3);
        });
    }

    @Override
    public Optional<KeyRecord> keyById(String id) {
        return queryKeys("SELECT " + KEY_COLUMNS + " FROM gateway_keys WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public Optional<KeyRecord> keyByHash(String hash) {
        return queryKeys("SELECT " + KEY_COLUMNS + " FROM gateway_keys WHERE key_hash = ?", hash).stream()
                .filter(key -> KeyHasher.same(key.hash(), hash)).findFirst();
    }

    @Override
    public List<KeyRecord> keys() {
        return queryKeys("SELECT " + KEY_COLUMNS + " FROM gateway_keys ORDER BY created_at, id", null);
    }

    @Override
    public boolean updateKey(KeyRecord key) {
        return update("UPDATE gateway_keys SET key_hash = ?, owner = ?, team = ?, project = ?, models = ?,"
                + " budget_usd = ?, budget_period = ?, limit_rpm = ?, limit_tpm = ?, expires_at = ?, enabled = ?,"
                + " metadata = ?, created_at = ?, revoked_at = ? WHERE id = ?", statement -> {
                    statement.setString(1, key.hash());
                    bindKeyFields(statement, key, 2);
                    statement.setString(15, key.id());
                }) == 1;
    }

    @Override
    public boolean insertTeam(TeamRecord team) {
        if (team(team.name()).isPresent()) {
            return false;
        }
        try {
            update("INSERT INTO gateway_teams (" + TEAM_COLUMNS + ") VALUES (?,?,?,?,?,?)", statement -> {
                statement.setString(1, team.name());
                bindTeamFields(statement, team, 2);
            });
            return true;
        } catch (KeyStoreException e) {
            if (team(team.name()).isPresent()) {
                return false; // inserted concurrently
            }
            throw e;
        }
    }

    @Override
    public Optional<TeamRecord> team(String name) {
        return queryTeams("SELECT " + TEAM_COLUMNS + " FROM gateway_teams WHERE name = ?", name).stream().findFirst();
    }

    @Override
    public List<TeamRecord> teams() {
        return queryTeams("SELECT " + TEAM_COLUMNS + " FROM gateway_teams ORDER BY name", null);
    }

    @Override
    public boolean updateTeam(TeamRecord team) {
        return update("UPDATE gateway_teams SET budget_usd = ?, budget_period = ?, limit_rpm = ?, limit_tpm = ?,"
                + " created_at = ? WHERE name = ?", statement -> {
                    bindBudgetAndLimits(statement, team.budget(), team.limits(), 1);
                    statement.setObject(5, time(team.createdAt()));
                    statement.setString(6, team.name());
                }) == 1;
    }

    /** Binds owner … revoked_at (13 columns) from {@code first}. */
    private static void bindKeyFields(PreparedStatement statement, KeyRecord key, int first) throws SQLException {
        statement.setString(first, key.owner());
        statement.setString(first + 1, key.team());
        statement.setString(first + 2, key.project());
        statement.setString(first + 3, key.models().isEmpty() ? null : Json.text(Json.MAPPER.valueToTree(key.models())));
        bindBudgetAndLimits(statement, key.budget(), key.limits(), first + 4);
        statement.setObject(first + 8, time(key.expiresAt()), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setBoolean(first + 9, key.enabled());
        statement.setString(first + 10, key.metadata() == null ? null : Json.text(key.metadata()));
        statement.setObject(first + 11, time(key.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setObject(first + 12, time(key.revokedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    private static void bindTeamFields(PreparedStatement statement, TeamRecord team, int first) throws SQLException {
        bindBudgetAndLimits(statement, team.budget(), team.limits(), first);
        statement.setObject(first + 4, time(team.createdAt()), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    /** Binds budget_usd, budget_period, limit_rpm, limit_tpm from {@code first}. */
    private static void bindBudgetAndLimits(PreparedStatement statement, Budget budget, Limits limits, int first)
            throws SQLException {
        statement.setBigDecimal(first, budget == null ? null : budget.usd());
        statement.setString(first + 1, budget == null ? null : budget.period().wireName());
        if (limits == null || limits.rpm() == null) {
            statement.setNull(first + 2, Types.INTEGER);
        } else {
            statement.setInt(first + 2, limits.rpm());
        }
        if (limits == null || limits.tpm() == null) {
            statement.setNull(first + 3, Types.BIGINT);
        } else {
            statement.setLong(first + 3, limits.tpm());
        }
    }

    private List<KeyRecord> queryKeys(String sql, String parameter) {
        return query(sql, parameter, row -> new KeyRecord(row.getString("id"), row.getString("key_hash").trim(),
                row.getString("owner"), row.getString("team"), row.getString("project"),
                models(row.getString("models")), budget(row), limits(row), instant(row, "expires_at"),
                row.getBoolean("enabled"), metadata(row.getString("metadata")), instant(row, "created_at"),
                instant(row, "revoked_at")));
    }

    private List<TeamRecord> queryTeams(String sql, String parameter) {
        return query(sql, parameter, row -> new TeamRecord(row.getString("name"), budget(row), limits(row),
                instant(row, "created_at")));
    }

    private static Budget budget(ResultSet row) throws SQLException {
        BigDecimal usd = row.getBigDecimal("budget_usd");
        return usd == null ? null : new Budget(usd.stripTrailingZeros(), Budget.Period.parse(row.getString("budget_period")));
    }

    private static Limits limits(ResultSet row) throws SQLException {
        int rpm = row.getInt("limit_rpm");
        Integer rpmValue = row.wasNull() ? null : rpm;
        long tpm = row.getLong("limit_tpm");
        Long tpmValue = row.wasNull() ? null : tpm;
        return rpmValue == null && tpmValue == null ? null : new Limits(rpmValue, tpmValue);
    }

    private static List<String> models(String json) throws SQLException {
        if (json == null) {
            return List.of();
        }
        List<String> models = new ArrayList<>();
        parse(json).forEach(node -> models.add(node.asText()));
        return models;
    }

    private static ObjectNode metadata(String json) throws SQLException {
        return json == null ? null : (ObjectNode) parse(json);
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new SQLException("stored JSON cannot be read", e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new KeyStoreException(e);
        }
    }

    private <T> List<T> query(String sql, String parameter, RowReader<T> reader) {
        try (Connection connection = database.connection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new KeyStoreException(e);
        }
    }
}
