package io.camelgateway.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.Usage;
import io.camelgateway.ledger.Caller;
import io.camelgateway.ledger.CodexTurnIds;
import io.camelgateway.ledger.LedgerEntry;
import io.camelgateway.ledger.LedgerRow;
import io.camelgateway.ledger.ModelPrice;
import io.camelgateway.ledger.PriceTable;
import io.camelgateway.observe.ObservedTurn;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The in-memory window: what it sums, which period sees what, and its bounds. */
class TurnWindowTest {

    private static final String FLAGSHIP = "anthropic/claude-opus-4-7";
    private static final PriceTable PRICES = new PriceTable("2026-11-29", FLAGSHIP, Map.of(
            "anthropic/claude-opus-4-7", price(5, 25), "anthropic/claude-haiku-4-5", price(1, 5)));
    private static final long NOW = Instant.parse("2026-11-29T12:00:30Z").toEpochMilli();

    private final AtomicLong clock = new AtomicLong(NOW);
    private final TurnWindow window = new TurnWindow(100, () -> FLAGSHIP, clock::get);

    private static ModelPrice price(double input, double output) {
        BigDecimal in = BigDecimal.valueOf(input);
        BigDecimal out = BigDecimal.valueOf(output);
        return new ModelPrice(in, in.movePointLeft(1), in, out, out);
    }

    private static ObservedTurn turn(Instant time, String owner, String route, String model, Usage usage,
                                     int status, String error, Double overheadMs, Long ttftMs, String cache) {
        LedgerRow row = new LedgerRow(time, "req", 1, new Caller("k1", owner, "team-" + owner, null), CodexTurnIds.NONE,
                route == null ? "anthropic/" + model : "auto", "anthropic", model, route, null, usage, false,
                PRICES.cost("anthropic", model, usage), 100, ttftMs, status == 200 ? 200 : status, error, "completed",
                List.of());
        return new ObservedTurn(time, "responses", "auto", row.caller(), CodexTurnIds.NONE, route, true, cache, status,
                error, overheadMs, LedgerEntry.of(List.of(row), PRICES));
    }

    private static Usage usage(long in, long cached, long out) {
        return new Usage(in, cached, 0, out, 0);
    }

    @Test
    void sumsSpendSplitSavingsCacheAndLatencyOfThePeriod() {
        Instant now = Instant.ofEpochMilli(NOW);
        window.turnObserved(turn(now, "alice", "default", "claude-haiku-4-5", usage(1_000_000, 500_000, 0), 200, null,
                1.0, 100L, "miss"));
        window.turnObserved(turn(now, "bob", "tier-header", "claude-opus-4-7", usage(0, 0, 1_000_000), 200, null,
                3.0, 300L, "hit"));
        window.turnObserved(turn(now.minusSeconds(7200), "bob", null, "claude-opus-4-7", usage(1_000_000, 0, 0), 502,
                "upstream_error", 2.0, null, null));

        WindowView hour = window.view(Duration.ofHours(1), Duration.ofMinutes(1));
        assertEquals(2, hour.requests);
        assertEquals(0, hour.failedRequests);
        // haiku: 0.5M uncached × $1 + 0.5M cached × $0.1; opus: 1M output × $25
        assertEquals(0.55 + 25.0, hour.spend.costUsd, 1e-9);
        assertEquals(1, hour.tiers[Tier.CHEAP.ordinal()].turns);
        assertEquals(1, hour.tiers[Tier.FLAGSHIP.ordinal()].turns);
        assertEquals(0, hour.tiers[Tier.DIRECT.ordinal()].turns);
        // the haiku turn on opus: 0.5M × $5 + 0.5M × $0.5; the opus turn costs the same either way
        assertEquals(2, hour.routedPriced);
        assertEquals((2.5 + 0.25) - 0.55, hour.routedFlagshipCost - hour.routedCost, 1e-9);
        assertEquals(1, hour.cacheHits);
        assertEquals(1, hour.cacheMisses);
        assertEquals(500_000, hour.cachedInputTokens);
        assertEquals(3.0, hour.overhead.percentile(0.95), 0.15);
        assertEquals(1.0, hour.overhead.percentile(0.50), 0.05);
        assertEquals(100.0, hour.timeToFirstToken.percentile(0.50), 5);
        assertTrue(hour.failed.isEmpty());
        assertEquals(60 + 1, hour.series.length);
        assertEquals(2, hour.series[hour.series.length - 1].requests);

        WindowView day = window.view(Duration.ofDays(1), Duration.ofMinutes(30));
        assertEquals(3, day.requests);
        assertEquals(1, day.failedRequests);
        assertEquals(1, day.tiers[Tier.DIRECT.ordinal()].turns);
        assertEquals(1, day.failed.size());
        assertEquals("upstream_error", day.failed.get(0).errorCode());
        assertEquals(502, day.failed.get(0).status());
        assertEquals(2, day.owners.get("bob").turns);
        assertEquals(2, day.models.get("claude-opus-4-7").turns);
    }

    @Test
    void turnsOlderThanTheRingAreForgottenAndTheMonthKeepsHourSums() {
        Instant now = Instant.ofEpochMilli(NOW);
        window.turnObserved(turn(now.minus(Duration.ofDays(3)), "alice", "default", "claude-haiku-4-5",
                usage(10, 0, 10), 200, null, 1.0, 5L, null));
        window.turnObserved(turn(now.minus(Duration.ofDays(40)), "alice", "default", "claude-haiku-4-5",
                usage(10, 0, 10), 200, null, 1.0, 5L, null));
        assertEquals(0, window.view(Duration.ofDays(1), Duration.ofMinutes(30)).requests);
        WindowView week = window.view(Duration.ofDays(7), Duration.ofHours(4));
        assertEquals(1, week.requests, "the 40-day-old turn is beyond the window");
        assertEquals(1, week.owners.get("alice").turns);

        clock.addAndGet(Duration.ofDays(5).toMillis());
        assertEquals(0, window.view(Duration.ofDays(7), Duration.ofHours(4)).requests, "aged out of the week");
        assertEquals(1, window.view(Duration.ofDays(30), Duration.ofDays(1)).requests);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() {
        TurnWindow small = new TurnWindow(2, () -> FLAGSHIP, clock::get);
        Instant now = Instant.ofEpochMilli(NOW);
        for (int i = 0; i < 5; i++) {
            small.turnObserved(turn(now, "alice", null, "claude-haiku-4-5", usage(1, 0, 1), 200, null, 1.0, 1L, null));
        }
        assertEquals(3, small.droppedCount());
        assertEquals(2, small.view(Duration.ofHours(1), Duration.ofMinutes(1)).requests);
    }

    @Test
    void namesBeyondTheBoundAreSummedAsOther() {
        TurnWindow big = new TurnWindow(1000, () -> FLAGSHIP, clock::get);
        Instant now = Instant.ofEpochMilli(NOW);
        for (int i = 0; i < WindowBucket.MAX_NAMES + 20; i++) {
            big.turnObserved(turn(now, "dev" + i, null, "claude-haiku-4-5", usage(1, 0, 1), 200, null, null, null, null));
        }
        WindowView view = big.view(Duration.ofHours(1), Duration.ofMinutes(1));
        assertEquals(WindowBucket.MAX_NAMES + 1, view.owners.size());
        assertEquals(20, view.owners.get(WindowBucket.OTHER).turns);
        assertEquals(DashboardSummary.NAMES_SHOWN + 1, DashboardSummary.names(view.owners).size());
    }

    @Test
    void anEmptyWindowHasNoPercentilesAndZeroSums() {
        WindowView view = window.view(Duration.ofDays(30), Duration.ofDays(1));
        assertEquals(0, view.requests);
        assertNull(view.overhead.percentile(0.5));
        assertEquals(31, view.series.length);
    }

    @Test
    void theHistogramIsWithinFivePercent() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            histogram.add(i);
        }
        assertEquals(500, histogram.percentile(0.5), 25);
        assertEquals(950, histogram.percentile(0.95), 48);
        histogram.add(Double.NaN);
        histogram.add(-1);
        assertEquals(1000, histogram.count());
    }
}
