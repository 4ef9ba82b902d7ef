package io.camelgateway.ledger;

import io.camelgateway.canonical.Usage;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Writes turns and their attempts in one JDBC batch per table. */
final class LedgerStatements {

    private static final int MAX_NAMES = 2000;

    private static final String ATTEMPT = "INSERT INTO ledger_attempt (created_at, request_id, attempt, key_id,"
            + " owner_name, team, project, session_id, thread_id, turn_id, request_kind, requested_model, provider,"
            + " upstream_model, route, attempt_reason, input_tokens, cached_input_tokens, cache_write_tokens,"
            + " output_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, ttft_ms, status, error_code,"
            + " terminal_event, tool_call_count, tool_call_names, cache)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private static final String TURN = "INSERT INTO ledger_turn (created_at, request_id, attempts, key_id,"
            + " owner_name, team, project, session_id, thread_id, turn_id, request_kind, requested_model, provider,"
            + " upstream_model, route, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,"
            + " reasoning_tokens, usage_estimated, cost_usd, flagship_cost_usd, latency_ms, ttft_ms, status,"
            + " error_code, terminal_event, tool_call_count, tool_call_names, cache)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private LedgerStatements() {
    }

    static void write(Connection connection, List<LedgerEntry> entries) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement attempts = connection.prepareStatement(ATTEMPT);
             PreparedStatement turns = connection.prepareStatement(TURN)) {
            for (LedgerEntry entry : entries) {
                for (LedgerRow row : entry.attempts()) {
                    bindAttempt(attempts, row);
                    attempts.addBatch();
                }
                bindTurn(turns, entry.turn());
                turns.addBatch();
            }
            attempts.executeBatch();
            turns.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void bindAttempt(PreparedStatement s, LedgerRow row) throws SQLException {
        int i = bindWho(s, row, 0, true);
        s.setString(++i, row.attemptReason());
        i = bindUsage(s, i, row.usage(), row.usageEstimated());
        setDecimal(s, ++i, row.cost());
        bindOutcome(s, i, row);
    }

    private static void bindTurn(PreparedStatement s, TurnSummary turn) throws SQLException {
        LedgerRow last = turn.last();
        int i = bindWho(s, last, turn.attempts(), false);
        i = bindUsage(s, i, turn.usage(), turn.usageEstimated());
        setDecimal(s, ++i, turn.cost());
        setDecimal(s, ++i, turn.flagshipCost());
        bindOutcome(s, i, last);
    }

    /** created_at … route; the third column is the attempt number (attempt rows) or the attempt count (turns). */
    private static int bindWho(PreparedStatement s, LedgerRow row, int attempts, boolean attemptRow) throws SQLException {
        int i = 0;
        s.setObject(++i, OffsetDateTime.ofInstant(row.time(), ZoneOffset.UTC));
        s.setString(++i, row.requestId());
        s.setInt(++i, attemptRow ? row.attempt() : attempts);
        s.setString(++i, row.caller().keyId());
        s.setString(++i, row.caller().owner());
        s.setString(++i, row.caller().team());
        s.setString(++i, row.caller().project());
        s.setString(++i, row.codex().sessionId());
        s.setString(++i, row.codex().threadId());
        s.setString(++i, row.codex().turnId());
        s.setString(++i, row.codex().requestKind());
        s.setString(++i, row.requestedModel());
        s.setString(++i, row.provider());
        s.setString(++i, row.upstreamModel());
        s.setString(++i, row.route());
        return i;
    }

    private static int bindUsage(PreparedStatement s, int i, Usage usage, boolean estimated) throws SQLException {
        s.setLong(++i, usage.inputTokens());
        s.setLong(++i, usage.cachedInputTokens());
        s.setLong(++i, usage.cacheWriteTokens());
        s.setLong(++i, usage.outputTokens());
        s.setLong(++i, usage.reasoningTokens());
        s.setBoolean(++i, estimated);
        return i;
    }

    private static void bindOutcome(PreparedStatement s, int i, LedgerRow row) throws SQLException {
        s.setLong(++i, row.latencyMs());
        if (row.timeToFirstTokenMs() == null) {
            s.setNull(++i, Types.BIGINT);
        } else {
            s.setLong(++i, row.timeToFirstTokenMs());
        }
        s.setInt(++i, row.status());
        s.setString(++i, row.errorCode());
        s.setString(++i, row.terminalEvent());
        s.setInt(++i, row.toolCalls().size());
        String names = String.join(",", row.toolCalls());
        s.setString(++i, names.length() > MAX_NAMES ? names.substring(0, MAX_NAMES) : names);
        s.setString(++i, row.cache());
    }

    private static void setDecimal(PreparedStatement s, int i, BigDecimal value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.DECIMAL);
        } else {
            s.setBigDecimal(i, value);
        }
    }
}
