package io.camelgateway.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.LocalRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas' SharedState on one real redis-server: revocations within a second, fallback and resume. */
class SharedStateTest {

    private static final SharedSettings SETTINGS = new SharedSettings("gw:", Duration.ofMillis(300),
            Duration.ofMinutes(15), Duration.ofDays(40), Duration.ofMillis(200), Duration.ofMillis(250));

    private LocalRedis redis;
    private SharedState replicaA;
    private SharedState replicaB;

    @BeforeEach
    void start() throws Exception {
        redis = LocalRedis.start();
        replicaA = SharedState.redis(redis.uri(), SETTINGS);
        replicaB = SharedState.redis(redis.uri(), SETTINGS);
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(replicaA, replicaB, redis);
    }

    @Test
    void aKeyRevokedOnOneReplicaIsRefusedByTheOtherWithinASecond() throws Exception {
        List<String> seenByB = new CopyOnWriteArrayList<>();
        replicaB.onRevoked(seenByB::add);
        assertFalse(replicaB.isRevoked("key-123"));

        long revokedAt = System.nanoTime();
        replicaA.revoke("key-123");
        assertTrue(replicaA.isRevoked("key-123"), "the revoking replica refuses it at once");
        waitUntil(() -> replicaB.isRevoked("key-123"), 1_000, "replica B sees the revocation");
        long millis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertTrue(millis < 1_000, "seen after " + millis + " ms");
        assertEquals(List.of("key-123"), seenByB);
        assertFalse(replicaB.isRevoked("key-456"));
    }

    @Test
    void withoutRedisTheReplicaKeepsCountingLocallyAndSharesAgainWhenItReturns() throws Exception {
        assertEquals(new SharedStatus("redis", false, 0), replicaA.status());
        replicaA.settle("key:k1", "month:2026-11", "before", 900_000);
        assertEquals(900_000, replicaB.totals("key:k1", "month:2026-11").spentMicroUsd(), "shared before the outage");

        redis.stop();
        BudgetResult during = replicaA.reserve("key:k1", "month:2026-11", "during", 50_000, 1_000_000);
        assertTrue(during.allowed());
        assertEquals(900_000, during.spentMicroUsd(), "local counting starts from the last spend Redis reported");
        assertTrue(replicaA.degraded());
        assertEquals(new SharedStatus("redis", true, 1), replicaA.status());
        assertFalse(replicaA.reserve("key:k1", "month:2026-11", "refused", 60_000, 1_000_000).allowed(),
                "the budget still holds while degraded");
        replicaA.settle("key:k1", "month:2026-11", "during", 40_000);
        assertTrue(replicaA.acquire("key:k1:rpm", 1, 1, 60_000, RateWindow.FIXED).allowed());
        assertFalse(replicaA.acquire("key:k1:rpm", 1, 1, 60_000, RateWindow.FIXED).allowed(), "local rate window");
        replicaA.revoke("key-789");
        assertTrue(replicaA.isRevoked("key-789"));

        Thread.sleep(2_500); // long enough for the client's reconnect attempts to back off
        redis.restart();
        waitUntil(() -> !replicaA.degraded(), 2_000, "replica A resumes sharing");
        waitUntil(() -> !replicaB.degraded(), 5_000, "replica B resumes sharing");
        assertEquals(new SharedStatus("redis", false, 1), replicaA.status());
        // The test server keeps nothing across a restart; what the outage added is shared once Redis is back.
        assertEquals(new BudgetResult(true, 40_000, 0), replicaB.totals("key:k1", "month:2026-11"));
        waitUntil(() -> replicaB.isRevoked("key-789"), 2_000, "a revocation made during the outage reaches replica B");
    }

    @Test
    void aReplicaStartedWhileRedisIsAwayStartsDegradedAndJoinsLater() throws Exception {
        redis.stop();
        try (SharedState late = SharedState.redis(redis.uri(), SETTINGS)) {
            assertTrue(late.degraded());
            assertTrue(late.reserve("key:k2", "day:1", "a", 10, 100).allowed(), "serves with local counters");
            redis.restart();
            waitUntil(() -> !late.degraded(), 5_000, "joins when Redis comes up");
            waitUntil(() -> !replicaA.degraded(), 5_000, "replica A, whose poller saw the outage, resumes too");
            assertTrue(late.reserve("key:k2", "day:1", "b", 10, 100).allowed());
            assertEquals(10, replicaA.totals("key:k2", "day:1").reservedMicroUsd(), "the new reservation is shared");
        }
    }

    @Test
    void withoutARedisUrlEverythingIsInProcess() {
        try (SharedState local = SharedState.local(SETTINGS)) {
            assertEquals(new SharedStatus("local", false, 0), local.status());
            assertTrue(local.reserve("key:k3", "day:1", "a", 60, 100).allowed());
            assertFalse(local.reserve("key:k3", "day:1", "b", 60, 100).allowed());
            local.revoke("key-1");
            assertTrue(local.isRevoked("key-1"));
        }
    }

    private static void waitUntil(BooleanSupplier condition, long timeoutMillis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, what + ": not within " + timeoutMillis + " ms");
            Thread.sleep(20);
        }
    }
}
