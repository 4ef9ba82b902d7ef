package io.camelgateway.ui;

import java.time.Duration;

/** The periods the dashboard offers, each with the width of one point of its time series. */
enum DashboardPeriod {
    HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(1)),
    DAY("24h", Duration.ofDays(1), Duration.ofMinutes(30)),
    WEEK("7d", Duration.ofDays(7), Duration.ofHours(4)),
    MONTH("30d", Duration.ofDays(30), Duration.ofDays(1));

    final String label;
    final Duration length;
    final Duration step;

    DashboardPeriod(String label, Duration length, Duration step) {
        this.label = label;
        this.length = length;
        this.step = step;
    }

    /** The period named {@code label}; 1h when absent; null when unknown. */
    static DashboardPeriod of(String label) {
        if (label == null || label.isBlank()) {
            return HOUR;
        }
        for (DashboardPeriod period : values()) {
            if (period.label.equals(label.trim())) {
                return period;
            }
        }
        return null;
    }
}
