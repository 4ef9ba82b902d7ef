package io.camelgateway.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the gateway's database: never waiting for it, H2's user, what log lines show of the URL. */
class GatewayDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void anAbsentPostgresDelaysNeitherOpeningNorACallerBeyondTheConnectTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        long start = System.nanoTime();
        try (GatewayDatabase database = GatewayDatabase.open(new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:" + closedPort + "/gateway", "gw", "secret-password-1", 2,
                Duration.ofMillis(500)))) {
            database.migrateInBackground();
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "opening does not connect");
            assertFalse(database.isMigrated());
            long call = System.nanoTime();
            assertThrows(SQLException.class, database::connection);
            long waitedMs = (System.nanoTime() - call) / 1_000_000;
            assertTrue(waitedMs < 3_000, "a caller gives up after about the connect timeout, not later: " + waitedMs);
        }
    }

    @Test
    void anH2FileCreatedWithTheEmptyUserIsStillOpenedWhenNoUserIsSet() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("old").toAbsolutePath();
        // as earlier builds did: migrated and used as the empty user
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").load().migrate();
        try (Connection created = DriverManager.getConnection(url, "", "")) {
            created.createStatement().execute("INSERT INTO gateway_teams (name, created_at)"
                    + " VALUES ('platform', CURRENT_TIMESTAMP)");
        }
        try (GatewayDatabase database = GatewayDatabase.open(DatabaseSettings.of(url, null, null))) {
            database.migrateInBackground();
            assertTrue(database.awaitMigrated(Duration.ofSeconds(60)), "migrated as the file's own user");
            try (Connection connection = database.connection();
                 ResultSet teams = connection.createStatement().executeQuery("SELECT name FROM gateway_teams")) {
                assertTrue(teams.next());
                assertEquals("platform", teams.getString(1));
            }
        }
    }

    @Test
    void aNewH2FileIsCreatedWithH2sDefaultUser() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("fresh").toAbsolutePath();
        try (GatewayDatabase database = GatewayDatabase.open(DatabaseSettings.of(url, null, null))) {
            database.migrate();
        }
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            assertTrue(connection.isValid(1));
        }
    }

    @Test
    void logLinesShowTheUrlWithoutCredentialsOrParameters() {
        assertEquals("jdbc:postgresql://db.internal:5432/gateway", DatabaseSettings.of(
                "jdbc:postgresql://db.internal:5432/gateway?user=gw&password=hunter2", null, null).describe());
        assertEquals("jdbc:h2:file:./data/gateway",
                DatabaseSettings.of("jdbc:h2:file:./data/gateway;PASSWORD=x", null, null).describe());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> DatabaseSettings.of("jdbc:mysql://db/gw?password=hunter2", null, null));
        assertFalse(wrong.getMessage().contains("hunter2"), wrong.getMessage());
    }
}
