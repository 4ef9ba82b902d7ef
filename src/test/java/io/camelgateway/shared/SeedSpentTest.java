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
import org.junit.jupiter.api.Test;

/** A budget takes a seed (the spend before it was counted) once, in this process and in Redis. */
class SeedSpentTest {

    private static final String SCOPE = "key:k1";
    private static final String PERIOD = "day:1795910400";

    @Test
    void localCountersTakeTheFirstSeedOnlyAndAddItToWhatWasCounted() {
        try (LocalCounters counters = new LocalCounters(SharedSettings.defaults())) {
            assertEquals(new BudgetResult(true, 950_000, 0), counters.seedSpent(SCOPE, PERIOD, 950_000));
            assertEquals(new BudgetResult(false, 950_000, 0), counters.seedSpent(SCOPE, PERIOD, 950_000));
            assertFalse(counters.reserve(SCOPE, PERIOD, "r1", 200_000, 1_100_000).allowed(),
                    "the seeded spend counts against the budget");

            counters.settle("team:t", PERIOD, "counted-before-the-seed", 100_000);
            assertTrue(counters.seedSpent("team:t", PERIOD, 400_000).allowed());
            assertEquals(new BudgetResult(true, 500_000, 0), counters.totals("team:t", PERIOD));
        }
    }

    @Test
    void twoReplicasSeedingTheSameRedisBudgetAtOnceCountItOnce() throws Exception {
        LocalRedis redis = LocalRedis.start();
        RedisCounters replicaA = new RedisCounters(redis.uri(), SharedSettings.defaults());
        RedisCounters replicaB = new RedisCounters(redis.uri(), SharedSettings.defaults());
        int seeders = 40;
        ExecutorService pool = Executors.newFixedThreadPool(seeders);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<BudgetResult>> results = new ArrayList<>();
            for (int i = 0; i < seeders; i++) {
                RedisCounters replica = i % 2 == 0 ? replicaA : replicaB;
                results.add(pool.submit(() -> {
                    go.await();
                    return replica.seedSpent(SCOPE, PERIOD, 950_000);
                }));
            }
            go.countDown();
            int seeded = 0;
            for (Future<BudgetResult> result : results) {
                if (result.get(20, TimeUnit.SECONDS).allowed()) {
                    seeded++;
                }
            }
            assertEquals(1, seeded, "exactly one seeder applies its seed");
            assertEquals(new BudgetResult(true, 950_000, 0), replicaB.totals(SCOPE, PERIOD));
            assertFalse(replicaA.reserve(SCOPE, PERIOD, "r1", 200_000, 1_100_000).allowed());
            assertTrue(replicaA.reserve(SCOPE, PERIOD, "r2", 100_000, 1_100_000).allowed());

            replicaA.settle("team:t", PERIOD, "counted-before-the-seed", 100_000);
            assertTrue(replicaB.seedSpent("team:t", PERIOD, 400_000).allowed());
            assertFalse(replicaA.seedSpent("team:t", PERIOD, 400_000).allowed());
            assertEquals(new BudgetResult(true, 500_000, 0), replicaA.totals("team:t", PERIOD));
        } finally {
            pool.shutdownNow();
            Closeables.closeAll(replicaA, replicaB, redis);
        }
    }

    @Test
    void aSeedTakenWhileRedisWasAwayReachesRedisBeforeTheOutagesSpend() throws Exception {
        SharedSettings settings = new SharedSettings("gw:", Duration.ofMillis(300), Duration.ofMinutes(15),
                Duration.ofDays(40), Duration.ofMillis(200), Duration.ofMillis(250));
        LocalRedis redis = LocalRedis.start();
        redis.stop();
        SharedState late = SharedState.redis(redis.uri(), settings);
        RedisCounters other = null;
        try {
            assertTrue(late.degraded());
            assertTrue(late.seedSpent(SCOPE, PERIOD, 900_000).allowed(), "seeded locally while Redis is away");
            late.settle(SCOPE, PERIOD, "during-the-outage", 50_000);
            redis.restart();
            long deadline = System.currentTimeMillis() + 5_000;
            while (late.degraded()) {
                assertTrue(System.currentTimeMillis() < deadline, "joins when Redis comes up");
                Thread.sleep(20);
            }
            other = new RedisCounters(redis.uri(), settings);
            assertEquals(new BudgetResult(true, 950_000, 0), other.totals(SCOPE, PERIOD));
            assertFalse(other.seedSpent(SCOPE, PERIOD, 900_000).allowed(), "already seeded");
        } finally {
            Closeables.closeAll(late, other, redis);
        }
    }
}
