package io.camelgateway.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} on a free loopback port with its own temp dir and no persistence. {@link #stop()} and
 * {@link #restart()} keep the port, so a test can take Redis away from a client and bring it back.
 */
public final class LocalRedis implements AutoCloseable {

    private static final long READY_TIMEOUT_MS = 10_000;

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;

    private LocalRedis(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Starts one; skips the test when redis-server is not installed, or fails it under CI=true. */
    public static LocalRedis start() throws Exception {
        Optional<Path> binary = findBinary();
        RequiredServers.require(binary.isPresent(), "redis-server is not installed (apt-get install redis-server)");
        LocalRedis redis = new LocalRedis(binary.get(), Files.createTempDirectory("camelgw-redis-"),
                LocalServers.freeLoopbackPort());
        try {
            redis.launch();
        } catch (Exception e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    public static Optional<Path> findBinary() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/bin:/usr/local/bin";
        return Stream.of(path.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port} */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Starts the server again on the same port (empty: nothing is persisted). */
    public synchronized void restart() throws Exception {
        stop();
        launch();
    }

    private synchronized void launch() throws Exception {
        Path log = dir.resolve("redis.log");
        process = new ProcessBuilder(List.of(binary.toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (!answersPing()) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + "\n" + LocalServers.tail(log));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("redis-server did not answer PING within " + READY_TIMEOUT_MS + " ms\n"
                        + LocalServers.tail(log));
            }
            Thread.sleep(50);
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return "+PONG\r\n".equals(new String(reply, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            LocalServers.deleteRecursively(dir);
        }
    }
}
