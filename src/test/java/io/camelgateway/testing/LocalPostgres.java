package io.camelgateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's packages, /usr/lib/postgresql/N/bin) initialised into a temp dir and started
 * on a free loopback port with trust authentication for the superuser {@value #USER}. PostgreSQL refuses to run as
 * root, so as root initdb and pg_ctl run as the {@code postgres} OS user (runuser) in a dir that user owns.
 * {@link #stop()} and {@link #restart()} keep the port and the data, so a test can take the server away from a client
 * and bring it back; {@link #createDatabase} gives each test its own empty database. {@link #close()} stops the
 * server and deletes the dir.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    private static final String OS_USER = "postgres";
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private boolean started;

    private LocalPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Starts one; skips the test when PostgreSQL is not installed, or fails it under CI=true. */
    public static LocalPostgres start() throws Exception {
        Optional<Path> bin = findBinDir();
        RequiredServers.require(bin.isPresent(),
                "PostgreSQL is not installed (apt-get install postgresql: /usr/lib/postgresql/*/bin/initdb)");
        Path dir = Files.createTempDirectory("camelgw-pg-");
        boolean asPostgresUser = LocalServers.isRoot();
        LocalPostgres postgres = new LocalPostgres(bin.get(), dir, LocalServers.freeLoopbackPort(), asPostgresUser);
        try {
            if (asPostgresUser) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, users.lookupPrincipalByName(OS_USER));
            }
            postgres.initAndStart();
        } catch (Exception e) {
            postgres.close();
            throw e;
        }
        return postgres;
    }

    /** The newest installed major version's bin dir. */
    public static Optional<Path> findBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(LocalPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int port() {
        return port;
    }

    /** {@code jdbc:postgresql://127.0.0.1:port/postgres}; user {@link #USER}, no password. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return USER;
    }

    /** The temp dir holding the data dir, the socket and the server log; removed by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** A new empty database on this server; its JDBC URL (user {@link #USER}, no password). */
    public String createDatabase(String name) throws java.sql.SQLException {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("database names here are lower-case words: " + name);
        }
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl(), USER, "");
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    /** Stops the server (fast shutdown: open connections are cut), keeping its data and port. */
    public synchronized void stop() throws Exception {
        if (!started) {
            return;
        }
        Path log = Files.createTempFile("camelgw-pg-stop-", ".log");
        try {
            LocalServers.run(command(bin.resolve("pg_ctl").toString(), "-D", dataDir(), "-m", "fast",
                    "-w", "-t", "30", "stop"), log, 40);
        } finally {
            Files.deleteIfExists(log);
        }
        started = false;
    }

    /** Starts the stopped server again on the same port with the same data. */
    public synchronized void restart() throws Exception {
        stop();
        Path log = Files.createTempFile("camelgw-pg-", ".log");
        try {
            startServer(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void initAndStart() throws Exception {
        Path log = Files.createTempFile("camelgw-pg-", ".log");
        try {
            LocalServers.run(command(bin.resolve("initdb").toString(), "-D", dataDir(), "-U", USER,
                    "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"), log, START_TIMEOUT_SECONDS);
            startServer(log);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void startServer(Path log) throws Exception {
        String serverOptions = "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        LocalServers.run(command(bin.resolve("pg_ctl").toString(), "-D", dataDir(), "-l",
                dir.resolve("server.log").toString(), "-o", serverOptions, "-w", "-t",
                String.valueOf(START_TIMEOUT_SECONDS), "start"), log, START_TIMEOUT_SECONDS + 10);
        started = true;
    }

    private String dataDir() {
        return dir.resolve("data").toString();
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        command.addAll(List.of(args));
        return command;
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            LocalServers.deleteRecursively(dir);
        }
    }
}
