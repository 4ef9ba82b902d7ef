package io.camelgateway.limits;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/** A calendar-aligned budget period in a time zone: days start at midnight, weeks on Monday, months on the 1st. */
public enum BudgetPeriod {
    DAY, WEEK, MONTH;

    /** The period that contains {@code now} in {@code zone}. */
    public PeriodWindow windowAt(Instant now, ZoneId zone) {
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate first = switch (this) {
            case DAY -> today;
            case WEEK -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> today.withDayOfMonth(1);
        };
        LocalDate next = switch (this) {
            case DAY -> first.plusDays(1);
            case WEEK -> first.plusWeeks(1);
            case MONTH -> first.plusMonths(1);
        };
        // atStartOfDay(zone) handles zones whose midnight does not exist on a DST change day
        ZonedDateTime start = first.atStartOfDay(zone);
        ZonedDateTime end = next.atStartOfDay(zone);
        return new PeriodWindow(this, start.toInstant(), end.toInstant());
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** One concrete period: {@code [start, end)}. */
    public record PeriodWindow(BudgetPeriod period, Instant start, Instant end) {
    }
}
