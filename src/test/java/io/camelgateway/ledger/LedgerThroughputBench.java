package io.camelgateway.ledger;

import io.camelgateway.db.DatabaseSettings;
import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.testing.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Sustained ledger write rate: one producer keeps the {@link LedgerWriter}'s buffer full (never dropping) and the
 * writer's entries written per second are measured after a warm-up. Each entry is one turn summary plus two
 * attempt rows (a failed first attempt and the answer), as a turn with one retry. Not a test: run
 * {@code bench/ledger-throughput.sh} (args: h2|postgres [seconds] [batch]).
 */
public final class LedgerThroughputBench {

    private static final int BUFFER = 10_000;
    private static final long WARMUP_SECONDS = 5;

    private LedgerThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "h2";
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        if (backend.equals("postgres")) {
            try (LocalPostgres postgres = LocalPostgres.start()) {
                String url = postgres.createDatabase("bench");
                run("postgres (LocalPostgres: fsync=off, synchronous_commit=off)",
                        DatabaseSettings.of(url, postgres.user(), ""), seconds, batch);
            }
        } else {
            Path dir = Files.createTempDirectory("ledger-bench");
            run("h2 file " + dir, DatabaseSettings.of("jdbc:h2:file:" + dir.resolve("gateway"), null, null), seconds,
                    batch);
        }
    }

    private static void run(String what, DatabaseSettings settings, long seconds, int batch) throws Exception {
        try (GatewayDatabase database = GatewayDatabase.open(settings)) {
            database.migrate();
            LedgerWriter writer = new LedgerWriter(database, BUFFER, batch);
            Thread producer = new Thread(() -> produce(writer), "bench-producer");
            producer.setDaemon(true);
            producer.start();
            Thread.sleep(Duration.ofSeconds(WARMUP_SECONDS).toMillis());
            long startWritten = writer.written();
            long startBatches = writer.batches();
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            long written = writer.written() - startWritten;
            long batches = writer.batches() - startBatches;
            double elapsed = (System.nanoTime() - start) / 1e9;
            producer.interrupt();
            writer.drain(Duration.ofSeconds(60));
            double turns = written / elapsed;
            System.out.printf(Locale.ROOT, "%s, batch %d, %d s after %d s warm-up: %.0f turns/s = %.0f rows/s"
                            + " (1 turn + 2 attempt rows each), %.1f turns per transaction, dropped %d%n",
                    what, batch, seconds, WARMUP_SECONDS, turns, turns * 3, batches == 0 ? 0.0 : (double) written / batches,
                    writer.dropped());
        }
    }

    /** Keeps the buffer nearly full without ever overflowing it, so nothing is dropped and the writer never waits. */
    private static void produce(LedgerWriter writer) {
        long n = 0;
        while (!Thread.currentThread().isInterrupted()) {
            if (writer.pending() >= BUFFER - 100) {
                Thread.onSpinWait();
                continue;
            }
            writer.submit(LedgerWriterContract.entry("bench-" + n++, "m", LedgerWriterContract.ANA));
        }
    }
}
