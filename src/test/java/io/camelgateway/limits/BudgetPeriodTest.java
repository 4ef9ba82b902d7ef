package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BudgetPeriodTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    private static BudgetPeriod.PeriodWindow at(BudgetPeriod period, String instant, ZoneId zone) {
        return period.windowAt(Instant.parse(instant), zone);
    }

    @Test
    void dayRunsFromMidnightToMidnightAndTheBoundaryBelongsToTheNextDay() {
        BudgetPeriod.PeriodWindow day = at(BudgetPeriod.DAY, "2026-11-29T23:59:59.999Z", UTC);
        assertEquals(Instant.parse("2026-11-29T00:00:00Z"), day.start());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), day.end());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), at(BudgetPeriod.DAY, "2026-11-30T00:00:00Z", UTC).start());
    }

    @Test
    void weeksStartOnMonday() {
        // 2026-11-29 is a Sunday: its week began on Monday the 23rd
        BudgetPeriod.PeriodWindow week = at(BudgetPeriod.WEEK, "2026-11-29T12:00:00Z", UTC);
        assertEquals(Instant.parse("2026-11-23T00:00:00Z"), week.start());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), week.end());
        assertEquals(Instant.parse("2026-11-30T00:00:00Z"), at(BudgetPeriod.WEEK, "2026-11-30T00:00:00Z", UTC).start());
    }

    @Test
    void monthsFollowTheCalendarAcrossYearEndAndLeapFebruary() {
        BudgetPeriod.PeriodWindow december = at(BudgetPeriod.MONTH, "2026-12-31T23:00:00Z", UTC);
        assertEquals(Instant.parse("2026-12-01T00:00:00Z"), december.start());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), december.end());
        BudgetPeriod.PeriodWindow february = at(BudgetPeriod.MONTH, "2028-02-29T10:00:00Z", UTC);
        assertEquals(Instant.parse("2028-02-01T00:00:00Z"), february.start());
        assertEquals(Instant.parse("2028-03-01T00:00:00Z"), february.end());
    }

    @Test
    void aZoneMovesTheBoundaryToItsOwnMidnight() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 23:30 UTC on the 29th is already the 30th in Berlin (UTC+1 in November)
        BudgetPeriod.PeriodWindow day = at(BudgetPeriod.DAY, "2026-11-29T23:30:00Z", berlin);
        assertEquals(Instant.parse("2026-11-29T23:00:00Z"), day.start());
        assertEquals(Instant.parse("2026-11-30T23:00:00Z"), day.end());
        BudgetPeriod.PeriodWindow month = at(BudgetPeriod.MONTH, "2026-11-30T23:30:00Z", berlin);
        assertEquals(Instant.parse("2026-11-30T23:00:00Z"), month.start(), "already December in Berlin");
    }

    @Test
    void aDayWithADaylightSavingChangeIsShorterOrLonger() {
        ZoneId newYork = ZoneId.of("America/New_York");
        BudgetPeriod.PeriodWindow springForward = at(BudgetPeriod.DAY, "2026-03-08T12:00:00Z", newYork);
        assertEquals(23 * 3600, springForward.end().getEpochSecond() - springForward.start().getEpochSecond());
        BudgetPeriod.PeriodWindow fallBack = at(BudgetPeriod.DAY, "2026-11-01T12:00:00Z", newYork);
        assertEquals(25 * 3600, fallBack.end().getEpochSecond() - fallBack.start().getEpochSecond());
    }
}
