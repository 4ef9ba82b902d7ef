package io.camelgateway.limits;

import io.camelgateway.settings.SettingsReader;
import java.time.ZoneId;

/**
 * Budget thresholds ({@code gateway.budget.*}).
 *
 * @param warnPercent share of a budget at which responses carry a warning
 * @param hardPercent share of a budget past which requests are refused (above 100 so a turn near the end fits)
 * @param zone        the time zone periods are aligned to
 * @param contact     whom a refused client should ask (a person, a channel, a URL)
 */
public record BudgetSettings(int warnPercent, int hardPercent, ZoneId zone, String contact) {

    public BudgetSettings {
        if (warnPercent <= 0 || hardPercent <= 0) {
            throw new IllegalStateException("gateway.budget.warn-percent and hard-percent must be above 0");
        }
    }

    public static BudgetSettings from(SettingsReader read) {
        String zone = read.string("gateway.budget.zone");
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalStateException("Setting gateway.budget.zone must be a time zone id such as UTC or "
                    + "Europe/Berlin, not " + zone);
        }
        return new BudgetSettings(read.integer("gateway.budget.warn-percent"),
                read.integer("gateway.budget.hard-percent"), zoneId,
                read.optional("gateway.budget.contact").orElse("your gateway administrator"));
    }
}
