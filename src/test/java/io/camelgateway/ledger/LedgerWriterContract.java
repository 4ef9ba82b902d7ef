package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.Usage;
import io.camelgateway.db.GatewayDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the ledger writer and the usage report must do on every database the gateway supports (H2 file, PostgreSQL):
 * batching with every field, null cost for an unpriced model, drain on shutdown, the chargeback report.
 */
abstract class LedgerWriterContract {

    static final PriceTable PRICES = new PriceTable("2026-11-29", "p/big",
            Map.of("p/m", new ModelPrice(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.TEN),
                    "p/big", new ModelPrice(BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN)));
    static final Caller ANA = new Caller("key-1", "ana", "platform", "web");

    private final List<GatewayDatabase> opened = new ArrayList<>();

    /** A new, empty, migrated database. */
    abstract GatewayDatabase newDatabase(String name) throws Exception;

    GatewayDatabase migrated(String name) throws Exception {
        GatewayDatabase database = newDatabase(name);
        opened.add(database);
        return database;
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(GatewayDatabase::close);
    }

    @Test
    void entriesAreWrittenInBatchesWithEveryField() throws Exception {
        GatewayDatabase db = migrated("batched");
        try (LedgerWriter writer = new LedgerWriter(db, 10_000, 100)) {
            for (int i = 0; i < 1000; i++) {
                assertTrue(writer.submit(entry("r" + i, "m", ANA)));
            }
            await(() -> writer.written() == 1000, "all written");
            assertTrue(writer.batches() < 1000, "batched: " + writer.batches() + " transactions");
        }
        assertEquals(1000, count(db, "SELECT COUNT(*) FROM ledger_turn"));
        assertEquals(2000, count(db, "SELECT COUNT(*) FROM ledger_attempt"));
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM ledger_turn WHERE request_id = 'r7'")) {
            assertTrue(r.next());
            assertEquals(2, r.getInt("attempts"));
            assertEquals("key-1", r.getString("key_id"));
            assertEquals("ana", r.getString("owner_name"));
            assertEquals("platform", r.getString("team"));
            assertEquals("web", r.getString("project"));
            assertEquals("sess-1", r.getString("session_id"));
            assertEquals("thread-1", r.getString("thread_id"));
            assertEquals("turn-r7", r.getString("turn_id"));
            assertEquals("turn", r.getString("request_kind"));
            assertEquals("auto", r.getString("requested_model"));
            assertEquals("p", r.getString("provider"));
            assertEquals("m", r.getString("upstream_model"));
            assertEquals("cheap", r.getString("route"));
            assertEquals(2000, r.getLong("input_tokens"));
            assertEquals(400, r.getLong("cached_input_tokens"));
            assertEquals(60, r.getLong("cache_write_tokens"));
            assertEquals(200, r.getLong("output_tokens"));
            assertEquals(40, r.getLong("reasoning_tokens"));
            assertTrue(r.getBoolean("usage_estimated"), "one attempt was estimated");
            // per attempt: input 1000 (770 uncached + 200 cached + 30 written) × $1, output 100 (80 + 20 reasoning)
            // × $10 per million = 0.002; two attempts
            assertEquals(0, new BigDecimal("0.004").compareTo(r.getBigDecimal("cost_usd")), r.getString("cost_usd"));
            // the same 2000 input and 200 output tokens at the flagship's $10 throughout
            assertEquals(0, new BigDecimal("0.022").compareTo(r.getBigDecimal("flagship_cost_usd")));
            assertEquals(900, r.getLong("latency_ms"));
            assertEquals(150, r.getLong("ttft_ms"));
            assertEquals(200, r.getInt("status"));
            assertEquals("response.completed", r.getString("terminal_event"));
            assertEquals("exec_command,apply_patch", r.getString("tool_call_names"));
            assertEquals(2, r.getInt("tool_call_count"));
        }
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM ledger_attempt WHERE request_id = 'r7' ORDER BY attempt")) {
            assertTrue(r.next());
            assertEquals(1, r.getInt("attempt"));
            assertNull(r.getString("attempt_reason"));
            assertEquals(502, r.getInt("status"));
            assertEquals("upstream_error", r.getString("error_code"));
            assertEquals("ana", r.getString("owner_name"));
            assertTrue(r.next());
            assertEquals(2, r.getInt("attempt"));
            assertEquals("retry after 502", r.getString("attempt_reason"));
            assertFalse(r.getBoolean("usage_estimated"));
            assertFalse(r.next());
        }
    }

    @Test
    void anUnpricedModelIsStoredWithANullCost() throws Exception {
        GatewayDatabase db = migrated("unpriced");
        try (LedgerWriter writer = new LedgerWriter(db, 100, 10)) {
            writer.submit(entry("u1", "unknown-model", ANA));
            await(() -> writer.written() == 1, "written");
        }
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cost_usd, flagship_cost_usd FROM ledger_turn WHERE request_id = 'u1'")) {
            assertTrue(r.next());
            assertNull(r.getBigDecimal(1));
            assertTrue(r.getBigDecimal(2).signum() > 0, "the savings baseline is still known");
        }
    }

    @Test
    void drainWritesEverythingBufferedBeforeShutdown() throws Exception {
        GatewayDatabase db = migrated("drained");
        LedgerWriter writer = new LedgerWriter(db, 10_000, 50);
        for (int i = 0; i < 500; i++) {
            writer.submit(entry("d" + i, "m", ANA));
        }
        assertEquals(0, writer.drain(Duration.ofSeconds(20)));
        assertEquals(500, count(db, "SELECT COUNT(*) FROM ledger_turn"));
        assertFalse(writer.submit(entry("late", "m", ANA)), "a drained writer takes nothing more");
        assertEquals(1, writer.dropped());
    }

    @Test
    void theReportGroupsByOwnerTeamModelProviderRouteAndDayWithSavingsAndSessions() throws Exception {
        GatewayDatabase db = migrated("report");
        try (LedgerWriter writer = new LedgerWriter(db, 100, 10)) {
            writer.submit(entry("a1", "m", ANA));
            writer.submit(entry("a2", "m", ANA));
            writer.submit(entry("b1", "m", new Caller("key-2", "bo", "data", null)));
            writer.submit(entry("n1", "m", Caller.ANONYMOUS));
            await(() -> writer.written() == 4, "written");
        }
        UsageReport report = new UsageReport(db, PRICES::flagship);
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        OffsetDateTime to = from.plusDays(2);
        List<UsageReport.Row> rows = report.rows(List.of("owner", "team", "model", "provider", "route", "day"), from, to);
        assertEquals(3, rows.size(), rows.toString());
        UsageReport.Row ana = rows.stream().filter(r -> "ana".equals(r.groups().get("owner"))).findFirst().orElseThrow();
        assertEquals("platform", ana.groups().get("team"));
        assertEquals("m", ana.groups().get("model"));
        assertEquals("p", ana.groups().get("provider"));
        assertEquals("cheap", ana.groups().get("route"));
        assertEquals(from.plusDays(1).toLocalDate().toString(), ana.groups().get("day"));
        assertEquals(0, BigDecimal.valueOf(2).compareTo(ana.numbers().get("requests")));
        assertEquals(0, BigDecimal.valueOf(4000).compareTo(ana.numbers().get("input_tokens")));
        assertEquals(0, BigDecimal.valueOf(800).compareTo(ana.numbers().get("cached_input_tokens")));
        assertEquals(0, BigDecimal.valueOf(400).compareTo(ana.numbers().get("output_tokens")));
        assertEquals(0, BigDecimal.valueOf(80).compareTo(ana.numbers().get("reasoning_tokens")));
        assertEquals(0, new BigDecimal("0.008").compareTo(ana.numbers().get("cost_usd")));
        assertTrue(rows.stream().anyMatch(r -> r.groups().get("owner") == null), "anonymous turns are a group");
        assertTrue(report.rows(List.of("team"), to, to.plusDays(1)).isEmpty(), "outside [from, to)");

        JsonNode savings = report.savings(from, to);
        assertEquals("p/big", savings.path("flagship").asText());
        assertEquals(4, savings.path("routed_requests").asLong());
        assertEquals(0, new BigDecimal("0.088").compareTo(savings.path("flagship_cost_usd").decimalValue()));
        assertEquals(0, new BigDecimal("0.072").compareTo(savings.path("saved_usd").decimalValue()), savings.toString());

        JsonNode session = report.session("sess-1");
        assertEquals(4, session.size());
        JsonNode first = session.get(0);
        assertEquals("ana", first.path("owner").asText(), first.toString());
        assertEquals("platform", first.path("team").asText());
        assertEquals("key-1", first.path("key_id").asText());
        assertEquals("web", first.path("project").asText());
        assertEquals(2, first.path("attempts").asInt());
    }

    static LedgerEntry entry(String requestId, String model, Caller caller) {
        Instant now = Instant.now();
        CodexTurnIds codex = new CodexTurnIds("sess-1", "thread-1", "turn-" + requestId, "turn");
        Usage usage = new Usage(1000, 200, 30, 100, 20);
        LedgerRow failed = new LedgerRow(now, requestId, 1, caller, codex, "auto", "p", model, "cheap", null,
                usage, true, PRICES.cost("p", model, usage), 120, 40L, 502, "upstream_error", null, List.of());
        LedgerRow answered = new LedgerRow(now, requestId, 2, caller, codex, "auto", "p", model, "cheap",
                "retry after 502", usage, false, PRICES.cost("p", model, usage), 900, 150L, 200, null,
                "response.completed", List.of("exec_command", "apply_patch"));
        return LedgerEntry.of(List.of(failed, answered), PRICES);
    }

    static long count(GatewayDatabase db, String sql) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
