package io.camelgateway.logs;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Writes the access and event lines on one daemon thread from a bounded queue, so a request never waits for the
 * log: a full queue drops the line and counts it. Lines are built on the writer thread from what was queued.
 * Written to the process's standard error (as the rest of the log) or standard output, through the redacting stream.
 */
public final class LogWriter implements AutoCloseable {

    private final BlockingQueue<Supplier<String>> queue;
    private final boolean stdout;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread thread;
    private volatile boolean closed;

    /** {@code stdout}: write to standard output instead of standard error. */
    public LogWriter(int capacity, boolean stdout) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.stdout = stdout;
        this.thread = new Thread(this::run, "gateway-log-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a line to be built and written; never blocks. */
    void submit(Supplier<String> line) {
        if (closed || !queue.offer(line)) {
            dropped.increment();
        }
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Supplier<String> next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (next != null) {
                write(next);
            }
        }
    }

    private void write(Supplier<String> line) {
        String text;
        try {
            text = line.get();
        } catch (RuntimeException e) {
            dropped.increment();
            return;
        }
        PrintStream out = stdout ? System.out : System.err;
        out.println(text);
        written.increment();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long written() {
        return written.sum();
    }

    public int pending() {
        return queue.size();
    }

    /** Writes what is queued, within {@code bound}, and stops the thread. */
    public void drain(Duration bound) {
        closed = true;
        try {
            thread.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(2));
    }
}
