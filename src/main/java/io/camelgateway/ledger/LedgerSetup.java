package io.camelgateway.ledger;

import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.settings.SettingsReader;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the ledger from the settings: the database (migrated), the writer and the price file. */
public final class LedgerSetup {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerSetup.class);

    private LedgerSetup() {
    }

    public static Ledger ledger(SettingsReader settings) {
        LedgerDatabase database = database(settings);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            // requests must keep flowing: rows buffer and are retried until the database is there
            LOG.warn("Ledger database {} could not be migrated ({}); rows will buffer and retry",
                    database.describe(), e.getClass().getSimpleName());
        }
        LedgerWriter writer = new LedgerWriter(database, settings.integer("gateway.ledger.buffer"),
                settings.integer("gateway.ledger.batch"));
        return new Ledger(new PriceFile(Path.of(settings.string("gateway.prices.file"))), writer);
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
