package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.Usage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger writer against a real H2 file database: batching, drain on shutdown, an unreachable database. */
class LedgerWriterTest {

    private static final PriceTable PRICES = new PriceTable("2026-11-29", "p/big",
            Map.of("p/m", new ModelPrice(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.TEN),
                    "p/big", new ModelPrice(BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.TEN)));

    @TempDir
    Path dir;

    @Test
    void entriesAreWrittenInBatchesWithEveryField() throws Exception {
        LedgerDatabase db = database("batched");
        db.migrate();
        try (LedgerWriter writer = new LedgerWriter(db, 10_000, 100)) {
            for (int i = 0; i < 1000; i++) {
                assertTrue(writer.submit(entry("r" + i, "m")));
            }
            await(() -> writer.written() == 1000, "all written");
            assertTrue(writer.batches() < 1000, "batched: " + writer.batches() + " transactions");
        }
        assertEquals(1000, count(db, "SELECT COUNT(*) FROM ledger_turn"));
        assertEquals(2000, count(db, "SELECT COUNT(*) FROM ledger_attempt"));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM ledger_turn WHERE request_id = 'r7'")) {
            assertTrue(r.next());
            assertEquals(2, r.getInt("attempts"));
            assertEquals("ana", r.getString("owner_name"));
            assertEquals("sess-1", r.getString("session_id"));
            assertEquals("turn", r.getString("request_kind"));
            assertEquals(2000, r.getLong("input_tokens"));
            assertEquals(200, r.getLong("output_tokens"));
            // (2000 × 1 + 200 × 10) / 1e6, exact
            assertEquals(0, new BigDecimal("0.004").compareTo(r.getBigDecimal("cost_usd")));
            assertEquals(0, new BigDecimal("0.022").compareTo(r.getBigDecimal("flagship_cost_usd")));
            assertEquals("exec_command,apply_patch", r.getString("tool_call_names"));
            assertEquals(2, r.getInt("tool_call_count"));
        }
    }

    @Test
    void anUnpricedModelIsStoredWithANullCost() throws Exception {
        LedgerDatabase db = database("unpriced");
        db.migrate();
        try (LedgerWriter writer = new LedgerWriter(db, 100, 10)) {
            writer.submit(entry("u1", "unknown-model"));
            await(() -> writer.written() == 1, "written");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cost_usd FROM ledger_turn WHERE request_id = 'u1'")) {
            assertTrue(r.next());
            assertNull(r.getBigDecimal(1));
        }
    }

    @Test
    void drainWritesEverythingBufferedBeforeShutdown() throws Exception {
        LedgerDatabase db = database("drained");
        db.migrate();
        LedgerWriter writer = new LedgerWriter(db, 10_000, 50);
        for (int i = 0; i < 500; i++) {
            writer.submit(entry("d" + i, "m"));
        }
        assertEquals(0, writer.drain(Duration.ofSeconds(20)));
        assertEquals(500, count(db, "SELECT COUNT(*) FROM ledger_turn"));
        assertFalse(writer.submit(entry("late", "m")), "a drained writer takes nothing more");
    }

    @Test
    void whileTheDatabaseIsDownEntriesWaitInTheBoundedBufferAndAreWrittenWhenItReturns() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("late").toAbsolutePath();
        LedgerDatabase unreachable = new LedgerDatabase(url + ";IFEXISTS=TRUE", "sa", "");
        try (LedgerWriter writer = new LedgerWriter(unreachable, 20, 5)) {
            int submitted = 0;
            for (; submitted < 125; submitted++) {
                writer.submit(entry("w" + submitted, "m"));
            }
            await(() -> writer.failedWrites() > 0, "a failed write");
            assertEquals(0, writer.written());
            long kept = writer.pending();
            assertTrue(kept >= 20 && kept <= 25, "the buffer (20) plus at most the batch in flight (5): " + kept);
            assertEquals(submitted - kept, writer.dropped(), "beyond the bound, dropped and counted");

            LedgerDatabase db = new LedgerDatabase(url, "sa", "");
            db.migrate();
            await(() -> writer.written() == kept, "written once the database is there");
            assertEquals(kept, count(db, "SELECT COUNT(*) FROM ledger_turn"));
        }
    }

    private LedgerDatabase database(String name) {
        return new LedgerDatabase("jdbc:h2:file:" + dir.resolve(name).toAbsolutePath(), "sa", "");
    }

    static LedgerEntry entry(String requestId, String model) {
        Instant now = Instant.now();
        CodexTurnIds codex = new CodexTurnIds("sess-1", "thread-1", "turn-" + requestId, "turn");
        Caller caller = new Caller("key-1", "ana", "platform", "web");
        Usage usage = new Usage(1000, 0, 0, 100, 0);
        LedgerRow failed = new LedgerRow(now, requestId, 1, caller, codex, "auto", "p", model, "cheap", null,
                usage, true, PRICES.cost("p", model, usage), 120, 40L, 502, "upstream_error", null, List.of());
        LedgerRow answered = new LedgerRow(now, requestId, 2, caller, codex, "auto", "p", model, "cheap",
                "retry after 502", usage, false, PRICES.cost("p", model, usage), 900, 150L, 200, null,
                "response.completed", List.of("exec_command", "apply_patch"));
        return LedgerEntry.of(List.of(failed, answered), PRICES);
    }

    static long count(LedgerDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
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
