package io.camelgateway.ledger;

import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.settings.SettingsReader;
import io.camelgateway.usage.TurnSettlement;
import java.nio.file.Path;

/** Builds the ledger from the settings: the database, the writer (which migrates it) and the price file. */
public final class LedgerSetup {

    private LedgerSetup() {
    }

    /** The ledger pricing from {@code prices} and telling {@code settlement} what each request is charged. */
    public static Ledger ledger(SettingsReader settings, PriceFile prices, TurnSettlement settlement) {
        // the writer migrates on its own thread: startup does not wait for the database, requests never do
        LedgerDatabase database = database(settings);
        LedgerWriter writer = new LedgerWriter(database, settings.integer("gateway.ledger.buffer"),
                settings.integer("gateway.ledger.batch"));
        return new Ledger(prices, writer, settlement);
    }

    /** The operator's price file (reread when it changes). */
    public static PriceFile prices(SettingsReader settings) {
        return new PriceFile(Path.of(settings.string("gateway.prices.file")));
    }

    public static UsageReport report(SettingsReader settings) {
        return new UsageReport(database(settings));
    }

    private static LedgerDatabase database(SettingsReader settings) {
        String password = settings.optional("gateway.db.password").orElse(null);
        SecretRedactor.register(password);
        return new LedgerDatabase(settings.string("gateway.db.url"), settings.optional("gateway.db.user").orElse(null),
                password);
    }
}
