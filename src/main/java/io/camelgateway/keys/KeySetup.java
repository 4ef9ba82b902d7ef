package io.camelgateway.keys;

import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.settings.SettingsReader;
import java.time.Clock;

/** Builds the key service and the authenticator from the settings. */
public final class KeySetup {

    private KeySetup() {
    }

    /**
     * The key service on the configured database, or null when keys are neither required (auth mode) nor managed
     * (no admin token), or when no pepper is set (the startup checks refuse mode keys without one).
     */
    public static VirtualKeys virtualKeys(SettingsReader settings, boolean adminApiOn) {
        String pepper = settings.optional("gateway.keys.pepper").orElse(null);
        boolean keysMode = AuthMode.configured(settings) == AuthMode.KEYS;
        if (pepper == null || pepper.strip().length() < KeyHasher.MIN_PEPPER_LENGTH || !(keysMode || adminApiOn)) {
            return null;
        }
        SecretRedactor.register(pepper);
        Database database = Database.open(settings.string("gateway.db.url"),
                settings.optional("gateway.db.user").orElse(null), settings.optional("gateway.db.password").orElse(null));
        return new VirtualKeys(new JdbcKeyStore(database), new KeyHasher(pepper), Clock.systemUTC());
    }

    public static Authenticator authenticator(SettingsReader settings, VirtualKeys keys) {
        AuthMode mode = AuthMode.configured(settings);
        if (mode == AuthMode.KEYS && keys != null) {
            return Authenticator.virtualKeys(keys);
        }
        if (mode == AuthMode.PASSTHROUGH) {
            return Authenticator.passthrough();
        }
        // keys without a pepper or an unknown mode: the startup checks stop the gateway before it serves
        return Authenticator.anyToken();
    }
}
