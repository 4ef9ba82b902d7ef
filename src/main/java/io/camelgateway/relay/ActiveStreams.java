package io.camelgateway.relay;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tracks the relays in flight so shutdown can drain them: stop taking new turns, let open streams finish within
 * the drain time, then end the rest with a retryable {@code response.failed} instead of a reset connection.
 */
public final class ActiveStreams {

    private final Set<RelayCall> open = ConcurrentHashMap.newKeySet();
    /** Turns accepted by an entry route and not yet finished, including those not relaying yet. */
    private final AtomicInteger acceptedTurns = new AtomicInteger();
    private volatile boolean draining;
    private volatile boolean started;

    /** Camel reaches beforeStop only after its own hook has woken the main thread: flip readiness at SIGTERM. */
    public ActiveStreams() {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::refuseNewTurns, "gateway-refuse-new-turns"));
        } catch (IllegalStateException shutdownAlreadyRunning) {
            draining = true;
        }
    }

    /** Startup checks passed: the gateway may report ready. */
    public void markStarted() {
        started = true;
    }

    public boolean isReady() {
        return started && !draining;
    }

    void add(RelayCall call) {
        open.add(call);
    }

    void remove(RelayCall call) {
        open.remove(call);
    }

    public int count() {
        return open.size();
    }

    /** A turn passed the entry checks; {@link #turnFinished} must follow, whatever happens to it. */
    public void turnAccepted() {
        acceptedTurns.incrementAndGet();
    }

    public void turnFinished() {
        acceptedTurns.decrementAndGet();
    }

    public boolean isDraining() {
        return draining;
    }

    /** Stops taking new turns (and turns /ready to 503) at once; {@link #drain} does the waiting. */
    public void refuseNewTurns() {
        draining = true;
    }

    /** Refuses new turns, waits up to {@code drainSeconds} for open ones, then aborts what is left. */
    public void drain(int drainSeconds) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        // A turn accepted just before SIGTERM may not have reached its relay yet: wait for it too, or the drain
        // would end at once and leave that stream to Camel's shutdown timeout.
        while ((!open.isEmpty() || acceptedTurns.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        for (RelayCall call : open) {
            call.abortForShutdown();
        }
        long abortDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!open.isEmpty() && System.nanoTime() < abortDeadline) {
            Thread.sleep(20);
        }
    }
}
