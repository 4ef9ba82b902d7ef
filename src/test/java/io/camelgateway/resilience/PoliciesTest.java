package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.TurnError;
import io.camelgateway.ops.AdminAccess;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Backoff and jitter, Retry-After parsing, the retry-budget window and the retry decisions. */
class PoliciesTest {

    @Test
    void backoffDoublesWithinEqualJitterBoundsAndIsCapped() {
        Backoff low = new Backoff(200, 1000, () -> 0.0);
        Backoff high = new Backoff(200, 1000, () -> 0.999999);
        assertEquals(100, low.delayMs(1));
        assertEquals(199, high.delayMs(1));
        assertEquals(200, low.delayMs(2));
        assertEquals(399, high.delayMs(2));
        assertEquals(500, low.delayMs(10), "capped at max");
        assertEquals(999, high.delayMs(40));
    }

    @Test
    void retryAfterReadsMillisecondsSecondsAndDates() {
        assertEquals(1500L, RetryAfter.millis(Map.of("retry-after-ms", "1500")::get));
        assertEquals(2000L, RetryAfter.millis(Map.of("retry-after", "2")::get));
        assertEquals(500L, RetryAfter.millis(Map.of("retry-after", "0.5")::get));
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(30_000L, RetryAfter.millis(Map.of("retry-after", "Thu, 01 Jan 2026 00:00:30 GMT")::get, () -> now));
        assertNull(RetryAfter.millis(Map.of("retry-after", "soon")::get));
        assertNull(RetryAfter.millis(Map.of("retry-after", "-3")::get));
        assertNull(RetryAfter.millis(Map.<String, String>of()::get));
        assertEquals(1, RetryAfter.headerSeconds(1));
        assertEquals(3, RetryAfter.headerSeconds(2001));
    }

    @Test
    void xMsRetryAfterMsIsReadLikeRetryAfterMs() {
        assertEquals(1200L, RetryAfter.millis(Map.of("x-ms-retry-after-ms", "1200", "retry-after", "9")::get));
        assertEquals(700L, RetryAfter.millis(Map.of("retry-after-ms", "700", "x-ms-retry-after-ms", "1200")::get));
        assertEquals(2L, io.camelgateway.provider.UpstreamErrors.retryAfterSeconds(
                Map.of("x-ms-retry-after-ms", "1200")::get));
    }

    @Test
    void theRetryBudgetIsAShareOfRequestsOverASlidingWindow() {
        AtomicLong clock = new AtomicLong(100_000);
        RetryBudget budget = new RetryBudget(10, 0.2, 1, clock::get);
        for (int i = 0; i < 10; i++) {
            budget.recordRequest();
        }
        assertTrue(budget.tryAcquireRetry());
        assertTrue(budget.tryAcquireRetry());
        assertTrue(budget.tryAcquireRetry(), "20% of 10 plus 1");
        assertFalse(budget.tryAcquireRetry());
        assertEquals(3, budget.retriesInWindow());
        clock.addAndGet(5_000);
        assertFalse(budget.tryAcquireRetry(), "still inside the window");
        clock.addAndGet(6_000);
        assertEquals(0, budget.requestsInWindow(), "the window slid past them");
        assertTrue(budget.tryAcquireRetry(), "the minimum is always there");
        assertFalse(budget.tryAcquireRetry());
    }

    @Test
    void retryDecisions() {
        RetryPolicy policy = new RetryPolicy(new Backoff(100, 1000, () -> 0.0), 10_000);
        TurnError error = new TurnError(502, "server_error", "upstream_error", "x", null, null);
        AttemptResult serverError = AttemptResult.beforeStart(error, 500, null);
        assertEquals(new RetryPolicy.Decision(RetryPolicy.Action.RETRY, 50), policy.decide(serverError, 0, 2, 10_000));
        assertEquals(RetryPolicy.Action.NEXT, policy.decide(serverError, 2, 2, 10_000).action(), "retries used up");
        assertEquals(RetryPolicy.Action.NEXT, policy.decide(serverError, 0, 2, 10).action(), "no time left");

        AttemptResult shortWait = AttemptResult.beforeStart(error, 429, 3_000L);
        assertEquals(new RetryPolicy.Decision(RetryPolicy.Action.RETRY, 3_000), policy.decide(shortWait, 0, 2, 10_000));
        assertEquals(RetryPolicy.Action.NEXT, policy.decide(AttemptResult.beforeStart(error, 429, 60_000L), 0, 2, 60_000)
                .action());
        assertEquals(RetryPolicy.Action.NEXT, policy.decide(AttemptResult.beforeStart(error, 429, null), 0, 2, 10_000)
                .action(), "a 429 without Retry-After is not retried");
        assertEquals(RetryPolicy.Action.STOP, policy.decide(AttemptResult.beforeStart(error, 400, null), 0, 2, 10_000)
                .action(), "client errors go back as they are");
        assertEquals(RetryPolicy.Action.STOP, policy.decide(AttemptResult.afterStart(error), 0, 2, 10_000).action(),
                "never after the first byte");
        assertEquals(RetryPolicy.Action.NEXT, policy.decide(AttemptResult.breakerOpen(error), 0, 2, 10_000).action());
    }

    @Test
    void clientKeysHideTheToken() {
        String key = ClientKeys.of("Bearer sk-secret-token");
        assertFalse(key.contains("secret"));
        assertEquals(key, ClientKeys.of("bearer sk-secret-token"));
        assertEquals("anonymous", ClientKeys.of(null));
    }

    @Test
    void adminAccessNeedsTheTokenOrLoopback() {
        AdminAccess open = new AdminAccess("");
        assertTrue(open.allows(null, "127.0.0.1"));
        assertFalse(open.allows(null, "10.0.0.5"));
        AdminAccess guarded = new AdminAccess("t0ken");
        assertTrue(guarded.allows("Bearer t0ken", "10.0.0.5"));
        assertFalse(guarded.allows("Bearer nope", "127.0.0.1"));
        assertFalse(guarded.allows(null, "127.0.0.1"));
    }
}
