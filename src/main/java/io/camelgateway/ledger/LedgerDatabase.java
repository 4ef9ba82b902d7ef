package io.camelgateway.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * Where the ledger lives: a JDBC URL (an H2 file by default, PostgreSQL for several replicas) brought to the
 * current schema by Flyway's versioned migrations. Credentials are kept for connecting and never logged.
 */
public final class LedgerDatabase {

    private final String url;
    private final String user;
    private final String password;

    public LedgerDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
    }

    /** Applies the pending migrations; throws when the database cannot be reached or a migration fails. */
    public void migrate() {
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The URL without credentials or parameters, for log lines. */
    public String describe() {
        String shown = url.replaceAll("//[^/@]*@", "//");
        int parameters = shown.indexOf('?');
        return parameters < 0 ? shown : shown.substring(0, parameters);
    }
}
