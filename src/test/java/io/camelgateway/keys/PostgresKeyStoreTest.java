package io.camelgateway.keys;

import io.camelgateway.db.DatabaseSettings;
import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.testing.LocalPostgres;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

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
}
