package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.db.DatabaseSettings;
import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.testing.LocalPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger on a real PostgreSQL (testing/LocalPostgres; skipped without one, a failure under CI=true), each test
 * on its own database; and the server stopped while rows keep coming.
 */
class PostgresLedgerWriterTest extends LedgerWriterContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalPostgres postgres;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = LocalPostgres.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    GatewayDatabase newDatabase(String name) throws Exception {
        String url = postgres.createDatabase(name + "_" + DATABASES.incrementAndGet());
        GatewayDatabase database = GatewayDatabase.open(DatabaseSettings.of(url, postgres.user(), ""));
        database.migrate();
        return database;
    }

    @Test
    void rowsSubmittedWhileTheServerIsStoppedAreAllWrittenWhenItReturnsWithinTheBound() throws Exception {
        GatewayDatabase db = migrated("outage");
        try (LedgerWriter writer = new LedgerWriter(db, 1_000, 20)) {
            writer.submit(entry("before", "m", ANA));
            await(() -> writer.written() == 1, "the first row");

            postgres.stop();
            for (int i = 0; i < 300; i++) {
                assertTrue(writer.submit(entry("down" + i, "m", ANA)), "within the bound nothing is dropped");
            }
            await(() -> writer.failedWrites() > 0, "a failed write while the server is down");
            assertEquals(1, writer.written());
            postgres.restart();

            await(() -> writer.written() == 301, "everything written after the server returned");
            assertEquals(0, writer.dropped());
        }
        assertEquals(301, count(db, "SELECT COUNT(*) FROM ledger_turn"));
        assertEquals(602, count(db, "SELECT COUNT(*) FROM ledger_attempt"));
    }
}
