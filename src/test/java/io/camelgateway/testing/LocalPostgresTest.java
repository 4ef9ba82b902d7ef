package io.camelgateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The ledger's PostgreSQL runs: a real server from Debian's packages, started and removed by the test. */
class LocalPostgresTest {

    @Test
    void startsConnectsStoresAndRemovesItsDirectory() throws Exception {
        Path dataDir;
        try (LocalPostgres postgres = LocalPostgres.start();
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table smoke (id bigint primary key, owner text not null, cost numeric(18,6))");
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into smoke values (?, ?, ?)")) {
                insert.setLong(1, 1);
                insert.setString(2, "ana");
                insert.setBigDecimal(3, new java.math.BigDecimal("0.012345"));
                assertEquals(1, insert.executeUpdate());
            }
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select owner, cost, version() from smoke where id = 1")) {
                assertTrue(rows.next());
                assertEquals("ana", rows.getString(1));
                assertEquals(new java.math.BigDecimal("0.012345"), rows.getBigDecimal(2));
                assertTrue(rows.getString(3).startsWith("PostgreSQL"), rows.getString(3));
                assertFalse(rows.next());
            }
            dataDir = postgres.directory();
            assertTrue(Files.isDirectory(dataDir.resolve("data")));
        }
        assertFalse(Files.exists(dataDir), "close() removes the server's directory");
    }
}
