package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.testing.LocalPostgres;
import io.camelgateway.testing.LocalRedis;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two gateway processes (replicas) on one PostgreSQL (keys, teams, ledger) and one Redis (budgets, rate windows,
 * revocations): one budget and one rate limit hold across both, a key revoked on one is refused by both within a
 * second, and with Redis gone both keep serving (degraded, said by /ready) until it returns.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedLimitsReplicasTest {

    private static LocalRedis redis;
    private static LocalPostgres postgres;
    private static FakeOpenAiServer openai;
    private static LimitsGateway one;
    private static LimitsGateway two;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        postgres = LocalPostgres.start();
        openai = LimitsGateway.fakeOpenAi();
        Map<String, String> shared = Map.of("gateway.db.url", postgres.jdbcUrl(), "gateway.db.user", postgres.user(),
                "gateway.redis.url", redis.uri(), "gateway.redis.health-check-ms", "300");
        one = LimitsGateway.replica(openai, shared);
        two = LimitsGateway.replica(openai, shared);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {two, one, openai, postgres, redis}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    @Order(1)
    void oneTeamBudgetHoldsAcrossBothReplicas() throws Exception {
        one.createTeam("{\"name\":\"shared\",\"budget\":{\"usd\":0.2,\"period\":\"day\"}}");
        LimitsGateway.Key key = one.issueKey("twin", "\"team\":\"shared\"");
        String body = LimitsGateway.turn("openai/gpt-5-race", false, 16);
        BigDecimal hardLimit = new BigDecimal("0.22");
        BigDecimal spent = BigDecimal.ZERO;
        int granted = 0;
        for (int i = 0; ; i++) {
            assertTrue(i < 10, "never refused");
            LimitsGateway replica = i % 2 == 0 ? one : two;
            HttpResponse<String> answer = replica.responses(key, body);
            BigDecimal needed = spent.add(LimitsGateway.estimate(answer.headers(), 16));
            if (answer.statusCode() == 400) {
                assertTrue(needed.compareTo(hardLimit) > 0, "refused although it fits: " + answer.body());
                assertTrue(answer.body().contains("team shared"), answer.body());
                break;
            }
            assertEquals(200, answer.statusCode(), answer.body());
            spent = one.ledgerSpend("gpt-5-race", ++granted);
        }
        // 4 × $0.059 = $0.236 spent: past the $0.22 hard limit only with the 4th, which was reserved before it
        assertEquals(4, granted, "each replica alone would have let through twice as many");
        assertEquals(400, one.responses(key, body).statusCode());
        assertEquals(400, two.responses(key, body).statusCode());
    }

    @Test
    @Order(2)
    void oneRateLimitHoldsAcrossBothReplicas() throws Exception {
        LimitsGateway.Key key = one.issueKey("twin-rate", "\"limits\":{\"rpm\":3}");
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 50_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
        String body = LimitsGateway.turn("openai/gpt-5-rate", false, 16);
        assertEquals(200, one.responses(key, body).statusCode());
        assertEquals(200, two.responses(key, body).statusCode());
        assertEquals(200, one.responses(key, body).statusCode());
        HttpResponse<String> limited = two.responses(key, body);
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow()) >= 1);
        assertEquals(429, one.responses(key, body).statusCode());
    }

    @Test
    @Order(3)
    void aKeyRevokedOnOneReplicaIsRefusedByBothWithinASecond() throws Exception {
        LimitsGateway.Key key = one.issueKey("leaving", "");
        String body = LimitsGateway.turn(false, 16);
        assertEquals(200, two.responses(key, body).statusCode(), "the other replica knows (and caches) the key");
        assertEquals(200, one.admin("DELETE", "/admin/keys/" + key.id(), null).statusCode());
        long revoked = System.nanoTime();
        assertEquals(401, one.responses(key, body).statusCode());
        long refusedAfterMs = waitFor(() -> two.responses(key, body).statusCode() == 401, Duration.ofSeconds(2));
        assertTrue(refusedAfterMs <= 1000, "the other replica refused it only after " + refusedAfterMs + " ms");
        System.out.println("revoked on one replica, refused by the other after " + refusedAfterMs + " ms (from "
                + (System.nanoTime() - revoked) / 1_000_000 + " ms ago)");
    }

    @Test
    @Order(4)
    void aKeyRotatedOnOneReplicaIsRefusedByBothWhileTheNewKeyWorksOnBoth() throws Exception {
        LimitsGateway.Key old = one.issueKey("rotating", "");
        String body = LimitsGateway.turn(false, 16);
        assertEquals(200, two.responses(old, body).statusCode());
        HttpResponse<String> rotated = one.admin("POST", "/admin/keys/" + old.id() + "/rotate", null);
        assertEquals(200, rotated.statusCode(), rotated.body());
        LimitsGateway.Key fresh = new LimitsGateway.Key(old.id(),
                LimitsGateway.JSON.readTree(rotated.body()).path("key").asText());
        long refusedAfterMs = waitFor(() -> two.responses(old, body).statusCode() == 401, Duration.ofSeconds(2));
        assertTrue(refusedAfterMs <= 1000, "the old key worked on the other replica for " + refusedAfterMs + " ms");
        assertEquals(401, one.responses(old, body).statusCode());
        assertEquals(200, two.responses(fresh, body).statusCode(), "the rotated key's id is not revoked");
        assertEquals(200, one.responses(fresh, body).statusCode());
    }

    @Test
    @Order(5)
    void withRedisGoneBothKeepServingDegradedAndShareAgainWhenItReturns() throws Exception {
        // with a budget and a rate limit, each turn counts in Redis, or locally while it is away
        LimitsGateway.Key key = one.issueKey("steady", "\"budget\":{\"usd\":100,\"period\":\"day\"},"
                + "\"limits\":{\"rpm\":1000}");
        String body = LimitsGateway.turn(false, 16);
        redis.stop();
        try {
            for (LimitsGateway replica : List.of(one, two)) {
                assertEquals(200, replica.responses(key, body).statusCode(), "serving without Redis");
                waitFor(() -> replica.ready().body().contains("\"shared_state\":{\"mode\":\"redis\",\"degraded\":true}"),
                        Duration.ofSeconds(3));
                assertEquals(200, replica.ready().statusCode(), "still ready while degraded");
                assertEquals(1, replica.metric("gateway_shared_state_degraded"), 0.0);
                assertTrue(replica.metric("gateway_shared_state_fallbacks_total") >= 1);
            }
        } finally {
            redis.restart();
        }
        for (LimitsGateway replica : List.of(one, two)) {
            waitFor(() -> replica.ready().body().contains("\"shared_state\":{\"mode\":\"redis\",\"degraded\":false}"),
                    Duration.ofSeconds(5));
            assertEquals(0, replica.metric("gateway_shared_state_degraded"), 0.0);
        }
        // sharing resumed: a revocation on the second replica reaches the first through Redis
        LimitsGateway.Key later = two.issueKey("after-outage", "");
        assertEquals(200, one.responses(later, body).statusCode());
        assertEquals(200, two.admin("DELETE", "/admin/keys/" + later.id(), null).statusCode());
        long refusedAfterMs = waitFor(() -> one.responses(later, body).statusCode() == 401, Duration.ofSeconds(2));
        assertTrue(refusedAfterMs <= 1000, "refused only after " + refusedAfterMs + " ms");
    }

    /** Polls every 50 ms until {@code condition} holds; returns how long it took, or fails after {@code bound}. */
    private static long waitFor(Callable<Boolean> condition, Duration bound) throws Exception {
        long start = System.nanoTime();
        while (!condition.call()) {
            if (System.nanoTime() - start > bound.toNanos()) {
                throw new AssertionError("not within " + bound);
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
