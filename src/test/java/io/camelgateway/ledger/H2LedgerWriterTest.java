package io.camelgateway.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.db.DatabaseSettings;
import io.camelgateway.db.GatewayDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on an embedded H2 file (the default), and a database that is not there when the gateway starts. */
class H2LedgerWriterTest extends LedgerWriterContract {

    @TempDir
    Path dir;

    @Override
    GatewayDatabase newDatabase(String name) {
        GatewayDatabase database = GatewayDatabase.open(DatabaseSettings.of(url(name), null, null));
        database.migrate();
        return database;
    }

    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    @Test
    void whileTheDatabaseIsAbsentEntriesWaitInTheBoundedBufferAndAreWrittenWhenItAppears() throws Exception {
        // IFEXISTS: this URL cannot create the file, so the background migration fails until another one does
        GatewayDatabase absent = GatewayDatabase.open(DatabaseSettings.of(url("late") + ";IFEXISTS=TRUE", null, null));
        try (absent; LedgerWriter writer = new LedgerWriter(absent, 20, 5)) {
            absent.migrateInBackground();
            int submitted = 0;
            for (; submitted < 125; submitted++) {
                writer.submit(entry("w" + submitted, "m", ANA));
            }
            Thread.sleep(300);
            assertEquals(0, writer.written());
            long kept = writer.pending();
            assertTrue(kept >= 20 && kept <= 25, "the buffer (20) plus at most the batch in flight (5): " + kept);
            assertEquals(submitted - kept, writer.dropped(), "beyond the bound, dropped and counted");

            GatewayDatabase created = migrated("late");
            await(() -> writer.written() == kept, "written once the database is there");
            assertEquals(kept, count(created, "SELECT COUNT(*) FROM ledger_turn"));
        }
    }
}
