package io.camelgateway.ledger;

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
 * Brings the database to the current schema (Flyway, on its own thread, retried while the database is down), then
 * writes ledger entries off the request path: {@link #submit} only enqueues (never blocks, never throws); one
 * writer thread takes up to a batch at a time and writes it in one transaction. While the database is down the
 * batch is retried with a growing pause and new entries wait in the bounded buffer; when that is full, entries are
 * dropped, counted and logged. {@link #drain} writes what is buffered before shutdown.
 */
public final class LedgerWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;
    private static final long DROP_LOG_EVERY_MS = 10_000;
    private static final long POLL_MS = 100;

    private final LedgerDatabase database;
    private final BlockingQueue<LedgerEntry> buffer;
    private final int batchSize;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closing;
    private volatile long lastDropLog;
    private Connection connection;
    private boolean migrated;
    private volatile List<LedgerEntry> inFlight = List.of();

    public LedgerWriter(LedgerDatabase database, int capacity, int batchSize) {
        this.database = database;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "ledger-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one entry; returns false (counted, logged) when the buffer is full or the writer has stopped. */
    public boolean submit(LedgerEntry entry) {
        if (!closing && buffer.offer(entry)) {
            return true;
        }
        long count = dropped.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastDropLog >= DROP_LOG_EVERY_MS) {
            lastDropLog = now;
            LOG.warn("Ledger buffer full or closed: {} entries dropped so far (database {} unreachable?)", count,
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
        long pause = FIRST_RETRY_MS;
        while (true) {
            if (!migrated) {
                if (closing && buffer.isEmpty()) {
                    return;
                }
                try {
                    database.migrate();
                    migrated = true;
                    pause = FIRST_RETRY_MS;
                } catch (RuntimeException e) {
                    failedWrites.incrementAndGet();
                    if (pause == FIRST_RETRY_MS) {
                        LOG.warn("Ledger database {} could not be migrated ({}); rows buffer and it is retried",
                                database.describe(), firstLine(e.getMessage()));
                    }
                    sleepQuietly(pause);
                    pause = Math.min(MAX_RETRY_MS, pause * 2);
                    continue;
                }
            }
            if (inFlight.isEmpty()) {
                inFlight = nextBatch();
                if (inFlight == null) {
                    inFlight = List.of();
                    closeConnection();
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
                pause = FIRST_RETRY_MS;
            } catch (SQLException | RuntimeException e) {
                failedWrites.incrementAndGet();
                closeConnection();
                if (pause == FIRST_RETRY_MS) {
                    LOG.warn("Ledger write to {} failed (SQL state {}); retrying, {} entries buffered",
                            database.describe(), e instanceof SQLException sql ? sql.getSQLState() : "none", pending());
                }
                sleepQuietly(pause);
                pause = Math.min(MAX_RETRY_MS, pause * 2);
            }
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
        if (connection == null) {
            connection = database.connect();
        }
        LedgerStatements.write(connection, batch);
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being given up anyway
            }
            connection = null;
        }
    }

    private void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
