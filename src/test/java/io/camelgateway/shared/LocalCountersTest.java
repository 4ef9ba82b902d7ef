package io.camelgateway.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-process counters on a controlled clock: the same window arithmetic and expiry as the Redis scripts. */
class LocalCountersTest {

    private final AtomicLong now = new AtomicLong(100);
    private final LocalCounters counters = new LocalCounters(new SharedSettings("gw:", Duration.ofMillis(500),
            Duration.ofMillis(1_000), Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofMillis(250)), now::get);

    @Test
    void slidingWindowWeighsThePreviousWindowAndRetryAfterIsExact() {
        for (int i = 0; i < 5; i++) {
            assertTrue(counters.acquire("s", 1, 5, 1_000, RateWindow.SLIDING).allowed());
        }
        now.set(1_200); // previous window's 5 count 80 %: 4 used
        assertEquals(new RateResult(true, 0, 0), counters.acquire("s", 1, 5, 1_000, RateWindow.SLIDING));
        RateResult refused = counters.acquire("s", 1, 5, 1_000, RateWindow.SLIDING);
        assertEquals(new RateResult(false, 0, 200), refused);
        now.set(1_399);
        assertFalse(counters.acquire("s", 1, 5, 1_000, RateWindow.SLIDING).allowed(), "1 ms before Retry-After");
        now.set(1_400);
        assertTrue(counters.acquire("s", 1, 5, 1_000, RateWindow.SLIDING).allowed(), "at Retry-After");
    }

    @Test
    void fixedWindowRetryAfterIsTheRestOfTheWindowAndAnOversizedAmountWaitsAWholeWindow() {
        assertTrue(counters.acquire("f", 3, 3, 1_000, RateWindow.FIXED).allowed());
        assertEquals(new RateResult(false, 0, 900), counters.acquire("f", 1, 3, 1_000, RateWindow.FIXED));
        assertEquals(new RateResult(false, 0, 1_000), counters.acquire("f", 4, 3, 1_000, RateWindow.FIXED));
        now.set(1_000);
        assertEquals(new RateResult(true, 2, 0), counters.acquire("f", 1, 3, 1_000, RateWindow.FIXED));
    }

    @Test
    void reservationsExpireSettleAndSeedLikeTheRedisBudget() {
        assertTrue(counters.reserve("k", "p", "a", 800, 1_000).allowed());
        assertFalse(counters.reserve("k", "p", "b", 300, 1_000).allowed());
        now.addAndGet(1_000);
        assertEquals(new BudgetResult(true, 0, 0), counters.totals("k", "p"), "expired after the reservation ttl");
        assertEquals(new BudgetResult(false, 250, 0), counters.settle("k", "p", "a", 250), "charged though expired");
        counters.seedSpent("other", "p", 900);
        assertEquals(new BudgetResult(false, 900, 0), counters.reserve("other", "p", "c", 200, 1_000));
    }
}
