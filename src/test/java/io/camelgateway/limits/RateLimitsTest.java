package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.camelgateway.shared.LocalCounters;
import io.camelgateway.shared.SharedSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    private static final LimitScope KEY = LimitScope.key("k1", "alice");
    private static final LimitScope TEAM = LimitScope.team("platform");

    private final MutableClock clock = new MutableClock("2026-11-29T10:00:00Z");

    private RateLimits rates(Map<LimitScope, ScopeLimits> limits) {
        return new RateLimits(new LocalCounters(SharedSettings.defaults(), clock::millis),
                scope -> limits.getOrDefault(scope, ScopeLimits.NONE));
    }

    private static RateLimits.Ticket admitted(RateDecision decision) {
        return assertInstanceOf(RateDecision.Admitted.class, decision).ticket();
    }

    @Test
    void requestsPerMinuteRefuseUntilTheWindowClosesWithTheSecondsLeftAsRetryAfter() {
        RateLimits rates = rates(Map.of(KEY, new ScopeLimits(Map.of(), 2, 0)));
        clock.set("2026-11-29T10:00:10Z");
        admitted(rates.admit(List.of(KEY), 0));
        admitted(rates.admit(List.of(KEY), 0));
        clock.set("2026-11-29T10:00:47.200Z");
        RateDecision.Limited limited = assertInstanceOf(RateDecision.Limited.class, rates.admit(List.of(KEY), 0));
        assertEquals(13, limited.retryAfterSeconds(), "12.8 s left, rounded up");
        assertEquals("requests", limited.limit());
        clock.set("2026-11-29T10:00:59.999Z");
        assertEquals(1, assertInstanceOf(RateDecision.Limited.class, rates.admit(List.of(KEY), 0))
                .retryAfterSeconds());
        clock.set("2026-11-29T10:01:00Z");
        admitted(rates.admit(List.of(KEY), 0));
    }

    @Test
    void tokensPerMinuteCountInputBeforeAndOutputAfter() {
        RateLimits rates = rates(Map.of(TEAM, new ScopeLimits(Map.of(), 0, 1000)));
        RateLimits.Ticket first = admitted(rates.admit(List.of(TEAM), 600));
        rates.settleOutput(first, 300);
        assertEquals(900, rates.currentCount(TEAM, "tpm"));
        clock.advance(Duration.ofSeconds(30));
        RateDecision.Limited limited = assertInstanceOf(RateDecision.Limited.class,
                rates.admit(List.of(TEAM), 101));
        assertEquals("tokens", limited.limit());
        assertEquals(30, limited.retryAfterSeconds());
        admitted(rates.admit(List.of(TEAM), 100));
        assertEquals(1000, rates.currentCount(TEAM, "tpm"));
    }

    @Test
    void aRefusalGivesBackWhatOtherScopesAlreadyCounted() {
        RateLimits rates = rates(Map.of(KEY, new ScopeLimits(Map.of(), 10, 10_000),
                TEAM, new ScopeLimits(Map.of(), 1, 0)));
        admitted(rates.admit(List.of(KEY, TEAM), 50));
        assertInstanceOf(RateDecision.Limited.class, rates.admit(List.of(KEY, TEAM), 50));
        assertEquals(1, rates.currentCount(KEY, "rpm"));
        assertEquals(50, rates.currentCount(KEY, "tpm"));
        assertEquals(1, rates.currentCount(TEAM, "rpm"));
    }

    @Test
    void aRequestLargerThanTheWholeMinuteIsRefusedAsTooLargeNotToBeRetried() {
        RateLimits rates = rates(Map.of(KEY, new ScopeLimits(Map.of(), 0, 1000)));
        RateDecision.TooLarge tooLarge = assertInstanceOf(RateDecision.TooLarge.class,
                rates.admit(List.of(KEY), 1001));
        assertEquals(1001, tooLarge.tokens());
        assertEquals(0, rates.currentCount(KEY, "tpm"));
    }

    @Test
    void scopesWithoutLimitsAreNotCounted() {
        RateLimits rates = rates(Map.of());
        for (int i = 0; i < 1000; i++) {
            admitted(rates.admit(List.of(KEY, TEAM), 1_000_000));
        }
        assertEquals(0, rates.currentCount(KEY, "rpm"));
    }
}
