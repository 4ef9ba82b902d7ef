package io.camelgateway.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.LocalRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lua scripts against a real redis-server: atomic budgets and correct rate windows across two clients. */
class RedisCountersTest {

    private LocalRedis redis;
    private RedisCounters replicaA;
    private RedisCounters replicaB;

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.start();
        replicaA = new RedisCounters(redis.uri(), SharedSettings.defaults());
        replicaB = new RedisCounters(redis.uri(), SharedSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(replicaA, replicaB, redis);
    }

    @Test
    void twoHundredConcurrentReservationsNeverCommitBeyondTheHardLimit() throws Exception {
        long limit = 1_000_000;
        replicaA.settle("key:k1", "month:2026-11", "earlier", 900_000);
        int callers = 200;
        long each = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<BudgetResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                RedisCounters replica = i % 2 == 0 ? replicaA : replicaB;
                String id = "r" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return replica.reserve("key:k1", "month:2026-11", id, each, limit);
                }));
            }
            go.countDown();
            List<String> granted = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                BudgetResult result = results.get(i).get(20, TimeUnit.SECONDS);
                assertTrue(result.committedMicroUsd() <= limit, "committed " + result.committedMicroUsd());
                if (result.allowed()) {
                    granted.add("r" + i);
                }
            }
            assertEquals(10, granted.size(), "exactly the reservations that fit: (1,000,000 - 900,000) / 10,000");
            assertEquals(new BudgetResult(true, 900_000, 100_000), replicaA.totals("key:k1", "month:2026-11"));

            for (String id : granted) {
                assertTrue(replicaB.settle("key:k1", "month:2026-11", id, 7_000).allowed(), "reservation was open");
            }
            assertEquals(new BudgetResult(true, 970_000, 0), replicaA.totals("key:k1", "month:2026-11"));
            assertTrue(replicaA.reserve("key:k1", "month:2026-11", "after", 30_000, limit).allowed(),
                    "once all settle, what is left is usable: no false 'exceeded'");
            assertFalse(replicaA.reserve("key:k1", "month:2026-11", "too-much", 1, limit).allowed());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reserveIsIdempotentReleaseReturnsTheMoneyAndPeriodsAreSeparate() {
        assertEquals(new BudgetResult(true, 0, 500), replicaA.reserve("team:web", "day:2026-11-29", "x", 500, 1_000));
        assertEquals(new BudgetResult(true, 0, 500), replicaB.reserve("team:web", "day:2026-11-29", "x", 500, 1_000));
        assertEquals(new BudgetResult(true, 0, 0), replicaB.release("team:web", "day:2026-11-29", "x"));
        assertEquals(new BudgetResult(false, 0, 0), replicaA.release("team:web", "day:2026-11-29", "x"),
                "a second release finds nothing to return");
        replicaA.settle("team:web", "day:2026-11-29", "y", 1_000);
        assertFalse(replicaA.reserve("team:web", "day:2026-11-29", "z", 1, 1_000).allowed());
        assertTrue(replicaA.reserve("team:web", "day:2026-11-30", "z", 1, 1_000).allowed(), "a new period starts at zero");
    }

    @Test
    void anUnsettledReservationReturnsToTheBudgetWhenItExpires() throws Exception {
        SharedSettings shortLived = new SharedSettings("gw:", Duration.ofMillis(500), Duration.ofMillis(1_000),
                Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofMillis(250));
        try (RedisCounters crashingReplica = new RedisCounters(redis.uri(), shortLived)) {
            crashingReplica.ping();
            replicaA.ping();
            assertTrue(crashingReplica.reserve("key:k2", "month:2026-11", "lost", 800, 1_000).allowed());
            assertFalse(replicaA.reserve("key:k2", "month:2026-11", "blocked", 800, 1_000).allowed());
            Thread.sleep(1_200);
            assertEquals(new BudgetResult(true, 0, 0), replicaA.totals("key:k2", "month:2026-11"));
            assertTrue(replicaA.reserve("key:k2", "month:2026-11", "now-fits", 800, 1_000).allowed());
        }
    }

    @Test
    void fixedWindowCountsDownAndRetryAfterIsTheRestOfTheWindow() throws Exception {
        long window = 1_500;
        waitForEarlyInWindow(window);
        for (long expectedRemaining = 2; expectedRemaining >= 0; expectedRemaining--) {
            RateResult result = replicaA.acquire("key:k3:rpm", 1, 3, window, RateWindow.FIXED);
            assertEquals(new RateResult(true, expectedRemaining, 0), result);
        }
        long askedAt = System.currentTimeMillis();
        RateResult refused = replicaB.acquire("key:k3:rpm", 1, 3, window, RateWindow.FIXED);
        long answeredAt = System.currentTimeMillis();
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        // Redis's clock read the time somewhere between asking and the answer (long apart on a loaded machine)
        long windowEnd = askedAt - Math.floorMod(askedAt, window) + window;
        long latest = windowEnd - askedAt;
        long earliest = windowEnd - answeredAt;
        assertTrue(refused.retryAfterMillis() >= earliest - 50 && refused.retryAfterMillis() <= latest + 50,
                "retry after " + refused.retryAfterMillis() + " ms, the window ends in " + earliest + "–" + latest
                        + " ms");

        Thread.sleep(Math.max(0, refused.retryAfterMillis() - 200));
        assertFalse(replicaA.acquire("key:k3:rpm", 1, 3, window, RateWindow.FIXED).allowed(), "not before Retry-After");
        Thread.sleep(250);
        assertTrue(replicaA.acquire("key:k3:rpm", 1, 3, window, RateWindow.FIXED).allowed(), "after Retry-After");
    }

    @Test
    void slidingWindowRetryAfterIsWhenTheRequestFits() throws Exception {
        long window = 1_000;
        for (int i = 0; i < 5; i++) {
            assertTrue(replicaA.acquire("key:k4:rpm", 1, 5, window, RateWindow.SLIDING).allowed());
        }
        RateResult refused = replicaB.acquire("key:k4:rpm", 1, 5, window, RateWindow.SLIDING);
        assertFalse(refused.allowed());
        assertTrue(refused.retryAfterMillis() > 0 && refused.retryAfterMillis() <= 2 * window, refused.toString());
        assertEquals((refused.retryAfterMillis() + 999) / 1000, refused.retryAfterSeconds());
        Thread.sleep(refused.retryAfterMillis() + 30);
        assertTrue(replicaB.acquire("key:k4:rpm", 1, 5, window, RateWindow.SLIDING).allowed(), "fits at Retry-After");
    }

    @Test
    void tokensRecordedAfterTheCallCountEvenPastTheLimit() {
        long minute = 60_000;
        assertTrue(replicaA.acquire("key:k5:tpm", 800, 1_000, minute, RateWindow.SLIDING).allowed(), "input tokens");
        RateResult output = replicaB.record("key:k5:tpm", 700, 1_000, minute, RateWindow.SLIDING);
        assertTrue(output.allowed());
        assertEquals(0, output.remaining());
        RateResult next = replicaA.acquire("key:k5:tpm", 10, 1_000, minute, RateWindow.SLIDING);
        assertFalse(next.allowed());
        assertTrue(next.retryAfterMillis() > 0, next.toString());

        RateResult neverFits = replicaA.acquire("key:k6:tpm", 5_000, 1_000, minute, RateWindow.FIXED);
        assertEquals(new RateResult(false, 1_000, minute), neverFits);
    }

    @Test
    void aScriptFlushedByARestartIsLoadedAgain() throws Exception {
        assertTrue(replicaA.reserve("key:k7", "day:1", "a", 1, 10).allowed());
        redis.restart();
        long deadline = System.currentTimeMillis() + 5_000;
        BudgetResult result = null;
        while (result == null) {
            try {
                result = replicaA.reserve("key:k7", "day:1", "b", 1, 10);
            } catch (RuntimeException reconnecting) {
                assertTrue(System.currentTimeMillis() < deadline, "no reconnect within 5 s: " + reconnecting);
                Thread.sleep(100);
            }
        }
        assertEquals(new BudgetResult(true, 0, 1), result, "the restarted server keeps nothing (no persistence)");
    }

    /** Waits until at most a tenth of the window has passed, so a test's calls land in one window. */
    private static void waitForEarlyInWindow(long window) throws InterruptedException {
        long intoWindow = Math.floorMod(System.currentTimeMillis(), window);
        if (intoWindow > window / 10) {
            Thread.sleep(window - intoWindow + 5);
        }
    }
}
