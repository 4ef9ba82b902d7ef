package io.camelgateway.ledger;

import io.camelgateway.db.GatewayDatabase;
import io.camelgateway.observe.TurnObserver;
import io.camelgateway.settings.SettingsReader;
import io.camelgateway.usage.TurnSettlement;
import java.nio.file.Path;

/** Builds the ledger from the settings on the gateway's database: the writer and the price file. */
public final class LedgerSetup {

    private LedgerSetup() {
    }

    public static boolean enabled(SettingsReader settings) {
        return settings.flag("gateway.ledger.enabled");
    }

    /**
     * The ledger pricing from {@code prices} and telling {@code settlement} what each request is charged; its rows go
     * to {@code database}, or nowhere when that is null (ledger off: budgets still settle); {@code observer} sees
     * every finished request either way.
     */
    public static Ledger ledger(SettingsReader settings, GatewayDatabase database, PriceFile prices,
            TurnSettlement settlement, TurnObserver observer) {
        LedgerWriter writer = database == null ? null : new LedgerWriter(database,
                settings.integer("gateway.ledger.buffer"), settings.integer("gateway.ledger.batch"));
        return new Ledger(prices, writer, settlement, observer);
    }

    /** The operator's price file (reread when it changes). */
    public static PriceFile prices(SettingsReader settings) {
        return new PriceFile(Path.of(settings.string("gateway.prices.file")));
    }
}
