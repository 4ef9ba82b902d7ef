package io.camelgateway.ledger;

import io.camelgateway.db.GatewayDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ledger entries off the request path: {@link #submit} only enqueues (never blocks, never throws); one writer
 * thread waits until the gateway's database has its schema, then takes up to a batch at a time and writes it in one
 * transaction. While the database is down the batch is retried with a growing pause and new entries wait in the
 * bounded buffer; when that is full, entries are dropped and counted ({@link #dropped()}), with one WARN line when
 * dropping starts and one when writing resumes. {@link #drain} writes what is buffered before shutdown.
 */
public final class LedgerWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 2_000;
    private static final long POLL_MS = 100;

    private final GatewayDatabase database;
    private final BlockingQueue<LedgerEntry> buffer;
    private final int batchSize;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    /** Dropped count when the current dropping episode began; -1 while nothing is being dropped. */
    private final AtomicLong droppingSince = new AtomicLong(-1);
    private volatile boolean closing;
    private volatile List<LedgerEntry> inFlight = List.of();

    public LedgerWriter(GatewayDatabase database, int capacity, int batchSize) {
        if (capacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("gateway.ledger.buffer and gateway.ledger.batch must be at least 1");
        }
        this.database = database;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "ledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one entry; returns false (counted, logged once per episode) when the buffer is full or closed. */
    public boolean submit(LedgerEntry entry) {
        if (!closing && buffer.offer(entry)) {
            return true;
        }
        long before = dropped.getAndIncrement();
        if (!droppingSince.compareAndSet(-1, before)) {
            return false;
        }
        if (closing) {
            LOG.warn("Ledger already drained for shutdown: turns that end afterwards are not recorded (counted)");
        } else {
            LOG.warn("Ledger rows are being dropped: the buffer of {} is full (database {} unreachable or too slow);"
                    + " counted in gateway_ledger_dropped_total", buffer.remainingCapacity() + buffer.size(),
                    database.describe());
        }
        return false;
    }

    /** Entries buffered or being written. */
    public int pending() {
        return buffer.size() + inFlight.size();
    }

    public long written() {
        return written.get();
    }

    /** Entries lost because the buffer was full (or the ledger closed): a counter for gateway_ledger_dropped_total. */
    public long dropped() {
        return dropped.get();
    }

    /** Transactions written (each holds up to a batch of entries). */
    public long batches() {
        return batches.get();
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    /**
     * Stops taking entries and waits up to {@code bound} for the buffer to be written. Returns the number of entries
     * left unwritten (0 when all were written); those are logged as lost.
     */
    public int drain(Duration bound) {
        // no interrupt: H2 closes its file when a thread touching it is interrupted
        closing = true;
        try {
            thread.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = pending();
        if (left > 0) {
            LOG.warn("Ledger shut down with {} entries unwritten (database {} unreachable)", left, database.describe());
        } else {
            LOG.info("Ledger drained: {} entries written in all", written.get());
        }
        return left;
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(10));
    }

    private void run() {
        while (!database.isMigrated()) {
            if (closing && buffer.isEmpty()) {
                return;
            }
            database.awaitMigrated(Duration.ofMillis(POLL_MS));
        }
        long pause = FIRST_RETRY_MS;
        while (true) {
            if (inFlight.isEmpty()) {
                inFlight = nextBatch();
                if (inFlight == null) {
                    inFlight = List.of();
                    return;
                }
                if (inFlight.isEmpty()) {
                    continue;
                }
            }
            try {
                write(inFlight);
                written.addAndGet(inFlight.size());
                batches.incrementAndGet();
                inFlight = List.of();
                if (pause > FIRST_RETRY_MS) {
                    LOG.info("Ledger writes to {} resumed; {} entries buffered", database.describe(), pending());
                }
                pause = FIRST_RETRY_MS;
                endDroppingEpisode();
            } catch (SQLException | RuntimeException e) {
                failedWrites.incrementAndGet();
                if (pause == FIRST_RETRY_MS) {
                    LOG.warn("Ledger write to {} failed (SQL state {}); retrying, {} entries buffered",
                            database.describe(), sqlState(e), pending());
                }
                sleepQuietly(pause);
                pause = Math.min(MAX_RETRY_MS, pause * 2);
            }
        }
    }

    private void endDroppingEpisode() {
        long since = droppingSince.get();
        if (since >= 0 && buffer.remainingCapacity() > 0 && droppingSince.compareAndSet(since, -1)) {
            LOG.warn("Ledger buffer has room again: {} entries were dropped", dropped.get() - since);
        }
    }

    /** Up to a batch; an empty list after a quiet moment; null once closing and nothing is left. */
    private List<LedgerEntry> nextBatch() {
        List<LedgerEntry> batch = new ArrayList<>(batchSize);
        if (!closing) {
            try {
                LedgerEntry first = buffer.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        buffer.drainTo(batch, batchSize - batch.size());
        if (batch.isEmpty() && closing) {
            return null;
        }
        return batch;
    }

    private void write(List<LedgerEntry> batch) throws SQLException {
        try (Connection connection = database.connection()) {
            LedgerStatements.write(connection, batch);
        }
    }

    /** The first SQL state along the causes (a batch failure carries none itself). */
    private static String sqlState(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
            if (cause instanceof SQLException sql && sql.getNextException() != null
                    && sql.getNextException().getSQLState() != null) {
                return sql.getNextException().getSQLState();
            }
        }
        return "none";
    }

    private void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
