package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private Database database;
    private KeyStore store;

    @BeforeEach
    void open() {
        database = Database.open("jdbc:h2:file:" + dir.resolve("gateway"), null, null);
        store = new JdbcKeyStore(database);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    KeyStore store() {
        return store;
    }

    @Test
    void keysSurviveReopeningAndMigrationsRunOnce() throws Exception {
        VirtualKeys.Issued issued = keys().issue(draft("ana"));
        store.close();

        database = Database.open("jdbc:h2:file:" + dir.resolve("gateway"), null, null);
        store = new JdbcKeyStore(database);
        assertEquals(issued.record(), keys().find(issued.plainKey()).orElseThrow());
        assertTrue(Files.exists(dir.resolve("gateway.mv.db")));
        try (Connection connection = database.connection();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '1'")) {
            rows.next();
            assertEquals(1, rows.getInt(1));
        }
    }
}
