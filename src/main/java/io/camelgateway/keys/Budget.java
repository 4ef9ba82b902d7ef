package io.camelgateway.keys;

import java.math.BigDecimal;
import java.util.Locale;

/** Spend allowed per calendar period (UTC). */
public record Budget(BigDecimal usd, Period period) {

    public enum Period {
        DAY, WEEK, MONTH;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The period named {@code text} (day, week, month), or null. */
        public static Period parse(String text) {
            for (Period period : values()) {
                if (period.wireName().equals(text)) {
                    return period;
                }
            }
            return null;
        }
    }
}
