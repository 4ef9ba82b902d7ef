package io.camelgateway.ledger;

import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.settings.SettingsReader;
import java.nio.file.Path;

/** Builds the ledger from the settings on the gateway's database: the writer and the price file. */
public final class LedgerSetup {

    private LedgerSetup() {
    }

    public static boolean enabled(SettingsReader settings) {
        return settings.flag("gateway.ledger.enabled");
    }

    public static Ledger ledger(SettingsReader settings, GatewayDatabase database) {
        LedgerWriter writer = new LedgerWriter(database, settings.integer("gateway.ledger.buffer"),
                settings.integer("gateway.ledger.batch"));
        return new Ledger(new PriceFile(Path.of(settings.string("gateway.prices.file"))), writer);
    }
}
