package io.camelgateway.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.camelgateway.secrets.SecretRedactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one database (keys, teams and the spend ledger): an embedded H2 file by default, PostgreSQL when
 * {@code gateway.db.url} names one. One connection pool per gateway; one Flyway run brings it to the current schema
 * ({@code db/migration}: V1 keys, V2 ledger). Opening never connects, so a slow or absent database does not delay
 * startup: {@link #migrateInBackground()} retries on its own thread until the database is there.
 */
public final class GatewayDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayDatabase.class);
    private static final long FIRST_RETRY_MS = 200;
    private static final long MAX_RETRY_MS = 5_000;
    private static final long H2_MIN_TIMEOUT_MS = 10_000;
    private static final int H2_WRONG_USER_OR_PASSWORD = 28000;

    private final DatabaseSettings settings;
    private final HikariDataSource pool;
    private final CountDownLatch migrated = new CountDownLatch(1);
    private volatile boolean closed;
    private Thread migration;
    private boolean emptyUserTried;

    private GatewayDatabase(DatabaseSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /** A pool on the database; nothing is connected or migrated yet. */
    public static GatewayDatabase open(DatabaseSettings settings) {
        SecretRedactor.register(settings.password());
        HikariConfig config = new HikariConfig();
        config.setPoolName("gateway-db");
        config.setJdbcUrl(settings.isPostgres() ? settings.url() : closedByUs(settings.url()));
        config.setUsername(settings.effectiveUser());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        // an embedded H2 file is never "slow" in the network sense; its first open (class loading, creating the
        // file) on a busy machine can take seconds, which must not read as an outage
        long timeoutMs = settings.isPostgres() ? settings.connectTimeout().toMillis()
                : Math.max(H2_MIN_TIMEOUT_MS, settings.connectTimeout().toMillis());
        config.setConnectionTimeout(timeoutMs);
        config.setValidationTimeout(Math.max(250, timeoutMs / 2));
        // do not connect now: startup must not wait for (or fail on) the database
        config.setInitializationFailTimeout(-1);
        if (settings.isPostgres()) {
            long seconds = Math.max(1, settings.connectTimeout().toSeconds());
            config.addDataSourceProperty("connectTimeout", seconds);
            config.addDataSourceProperty("loginTimeout", seconds);
            config.addDataSourceProperty("ApplicationName", "camel-ai-gateway");
            // one multi-row INSERT per batch instead of one statement per row: the ledger writes in batches
            config.addDataSourceProperty("reWriteBatchedInserts", true);
        }
        return new GatewayDatabase(settings, new HikariDataSource(config));
    }

    /**
     * H2 closes an embedded database in a JVM shutdown hook of its own, which races the ledger's drain on SIGTERM: the
     * rows written after it are not flushed to the file. The gateway closes the database itself after the drain. Not
     * with AUTO_SERVER: a process that joins another's file connects remotely, where H2 refuses the setting.
     */
    private static String closedByUs(String h2Url) {
        String upper = h2Url.toUpperCase(Locale.ROOT);
        return upper.contains("DB_CLOSE_ON_EXIT") || upper.contains("AUTO_SERVER") ? h2Url
                : h2Url + ";DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Applies the pending migrations now; throws when the database cannot be reached or a migration fails. */
    public void migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        migrated.countDown();
    }

    /** Migrates on a daemon thread, retrying with a growing pause (one log line) until it succeeds or closes. */
    public synchronized void migrateInBackground() {
        if (migration != null) {
            return;
        }
        migration = new Thread(this::migrateUntilDone, "gateway-db-migrate");
        migration.setDaemon(true);
        migration.start();
    }

    public boolean isMigrated() {
        return migrated.getCount() == 0;
    }

    /** Waits up to {@code bound} for the schema; true when it is current. */
    public boolean awaitMigrated(Duration bound) {
        try {
            return migrated.await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A pooled connection once the schema is current. While it is not (database unreachable since startup), waits
     * at most the connect timeout and then fails like an unreachable database.
     */
    public Connection connection() throws SQLException {
        if (!isMigrated() && !awaitMigrated(Duration.ofMillis(pool.getConnectionTimeout()))) {
            throw new SQLTransientConnectionException("the database " + describe() + " is not reachable yet", "08001");
        }
        return pool.getConnection();
    }

    /** The URL without credentials or parameters, for log lines. */
    public String describe() {
        return settings.describe();
    }

    public DatabaseSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    private void migrateUntilDone() {
        long pause = FIRST_RETRY_MS;
        boolean logged = false;
        while (!closed) {
            try {
                migrate();
                if (logged) {
                    LOG.info("Database {} reachable again: schema current", describe());
                }
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (triedEmptyH2User(e)) {
                    continue;
                }
                if (!logged) {
                    logged = true;
                    LOG.warn("Database {} cannot be migrated yet ({}); ledger rows buffer, key lookups answer 503,"
                            + " retrying", describe(), firstLine(e));
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return;
                }
                pause = Math.min(MAX_RETRY_MS, pause * 2);
            }
        }
    }

    /**
     * An H2 file created by an earlier build with the empty user refuses {@code sa}: with no user configured, the
     * empty one is tried once (H2 remembers the user a file was created with).
     */
    private boolean triedEmptyH2User(RuntimeException e) {
        if (settings.isPostgres() || settings.user() != null || emptyUserTried || !wrongUserOrPassword(e)) {
            return false;
        }
        emptyUserTried = true;
        pool.getHikariConfigMXBean().setUsername("");
        LOG.info("Database {} was created with the empty user; connecting as that user", describe());
        return true;
    }

    private static boolean wrongUserOrPassword(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_WRONG_USER_OR_PASSWORD) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName()
                : SecretRedactor.redact(message.lines().findFirst().orElse(""));
    }
}
