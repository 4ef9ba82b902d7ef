package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.db.DatabaseSettings;
import io.camelgateway.db.GatewayDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC store on an embedded H2 file database created by the Flyway migrations. */
class H2KeyStoreTest extends KeyStoreContract {

    @TempDir
    Path dir;
    private GatewayDatabase database;
    private KeyStore store;

    @BeforeEach
    void open() {
        database = migrated();
        store = new JdbcKeyStore(database);
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    KeyStore store() {
        return store;
    }

    @Test
    void keysSurviveReopeningAndOneMigrationRunCoversKeysAndLedger() throws Exception {
        VirtualKeys.Issued issued = keys().issue(draft("ana"));
        database.close();

        database = migrated();
        store = new JdbcKeyStore(database);
        assertEquals(issued.record(), keys().find(issued.plainKey()).orElseThrow());
        assertTrue(Files.exists(dir.resolve("gateway.mv.db")));
        try (Connection connection = database.connection();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT \"version\", COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"
                             + " GROUP BY \"version\" ORDER BY \"version\"")) {
            for (String version : new String[] {"1", "2"}) {
                assertTrue(rows.next(), "migration " + version + " applied");
                assertEquals(version, rows.getString(1));
                assertEquals(1, rows.getInt(2), "applied once");
            }
        }
    }

    private GatewayDatabase migrated() {
        GatewayDatabase opened = GatewayDatabase.open(DatabaseSettings.of("jdbc:h2:file:" + dir.resolve("gateway"),
                null, null));
        opened.migrate();
        return opened;
    }
}
