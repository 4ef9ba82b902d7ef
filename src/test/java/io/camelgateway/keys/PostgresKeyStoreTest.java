package io.camelgateway.keys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The JDBC store on PostgreSQL, migrated by the same Flyway scripts as H2. Runs when
 * {@code GATEWAY_TEST_POSTGRES_URL} names an empty database it may drop tables in (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/keys_test?user=postgres}); skipped otherwise.
 */
class PostgresKeyStoreTest extends KeyStoreContract {

    private static final String URL = System.getenv("GATEWAY_TEST_POSTGRES_URL");
    private KeyStore store;

    @BeforeEach
    void open() throws Exception {
        assumeTrue(URL != null && !URL.isBlank(), "GATEWAY_TEST_POSTGRES_URL is not set");
        Database database = Database.open(URL, null, null);
        try (Connection connection = database.connection()) {
            connection.createStatement().execute("DELETE FROM gateway_keys");
            connection.createStatement().execute("DELETE FROM gateway_teams");
        }
        store = new JdbcKeyStore(database);
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    KeyStore store() {
        return store;
    }
}
