package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camelgateway.db.DatabaseSettings;
import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.testing.LocalPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JDBC store on a real PostgreSQL (testing/LocalPostgres; skipped without one, a failure under CI=true),
 * migrated by the same Flyway scripts as H2; each test gets its own empty database.
 */
class PostgresKeyStoreTest extends KeyStoreContract {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalPostgres postgres;
    private GatewayDatabase database;
    private KeyStore store;

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

    @BeforeEach
    void open() throws Exception {
        String url = postgres.createDatabase("keys_" + DATABASES.incrementAndGet());
        database = GatewayDatabase.open(DatabaseSettings.of(url, postgres.user(), ""));
        database.migrate();
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
    void whileTheServerIsDownAKeyReadBeforeIsStillAcceptedAndAnUnknownOneIsAStoreFailure() throws Exception {
        VirtualKeys keys = keys();
        VirtualKeys.Issued issued = keys.issue(draft("ana"));
        assertEquals(issued.record(), keys.find(issued.plainKey()).orElseThrow());
        postgres.stop();
        try {
            Thread.sleep(VirtualKeys.STALENESS.toMillis() + 100);
            assertEquals(issued.record(), keys.find(issued.plainKey()).orElseThrow(), "accepted as last read");
            String unknown = KeyFormat.newKey();
            assertThrows(KeyStoreException.class, () -> keys.find(unknown), "never seen: the store must answer");
        } finally {
            postgres.restart();
        }
        assertEquals(issued.record(), keys.find(issued.plainKey()).orElseThrow());
    }
}
