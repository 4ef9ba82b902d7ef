package io.camelgateway.keys;

import io.camelgateway.secrets.SecretRedactor;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The gateway's database: an embedded H2 file by default, PostgreSQL when {@code gateway.db.url} names one. Opening
 * it applies the versioned migrations under {@code db/migration}.
 */
public final class Database implements AutoCloseable {

    private final DataSource dataSource;
    private final JdbcConnectionPool h2Pool;

    private Database(DataSource dataSource, JdbcConnectionPool h2Pool) {
        this.dataSource = dataSource;
        this.h2Pool = h2Pool;
    }

    /** Connects and migrates; {@code user} and {@code password} may be null. */
    public static Database open(String url, String user, String password) {
        SecretRedactor.register(password);
        Database database;
        if (url.startsWith("jdbc:h2:")) {
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, user == null ? "" : user,
                    password == null ? "" : password);
            database = new Database(pool, pool);
        } else {
            database = new Database(new DriverManagerSource(url, user, password), null);
        }
        Flyway.configure().dataSource(database.dataSource).locations("classpath:db/migration").load().migrate();
        return database;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() {
        if (h2Pool != null) {
            h2Pool.dispose();
        }
    }

    /** A connection per use: lookups are cached in front of the store, so connections are not on the hot path. */
    private record DriverManagerSource(String url, String user, String password) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String ignoredUser, String ignoredPassword) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
