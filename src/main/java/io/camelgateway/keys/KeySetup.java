package io.camelgateway.keys;

import io.camelgateway.secrets.SecretRedactor;
import io.camelgateway.settings.SettingsReader;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Builds the key service and the authenticator from the settings. */
public final class KeySetup {

    private KeySetup() {
    }

    /**
     * The key service on the configured database, or null when keys are neither required (auth mode) nor managed
     * (no admin token), or when no pepper is set (the startup checks refuse mode keys without one).
     * {@code revocations} is told every revoked key id and every rotated key's old hash (for other replicas).
     */
    public static VirtualKeys virtualKeys(SettingsReader settings, boolean adminApiOn, Consumer<String> revocations) {
        String pepper = settings.optional("gateway.keys.pepper").orElse(null);
        boolean keysMode = AuthMode.parse(settings.string("gateway.auth.mode")) == AuthMode.KEYS;
        if (pepper == null || pepper.strip().length() < KeyHasher.MIN_PEPPER_LENGTH || !(keysMode || adminApiOn)) {
            return null;
        }
        SecretRedactor.register(pepper);
        Database database = Database.open(settings.string("gateway.db.url"),
                settings.optional("gateway.db.user").orElse(null), settings.optional("gateway.db.password").orElse(null));
        return new VirtualKeys(new JdbcKeyStore(database), new KeyHasher(pepper), Clock.systemUTC(), revocations);
    }

    /** {@code revoked}: whether a key id or hash is revoked on any replica (the shared state's set). */
    public static Authenticator authenticator(SettingsReader settings, VirtualKeys keys, Predicate<String> revoked) {
        if (AuthMode.parse(settings.string("gateway.auth.mode")) == AuthMode.KEYS && keys != null) {
            return Authenticator.virtualKeys(keys, revoked);
        }
        return Authenticator.anyToken();
    }
}
