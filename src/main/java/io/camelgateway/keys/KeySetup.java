package io.camelgateway.keys;

import io.camelgateway.db.GatewayDatabase;
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
     * True when the key service is used: keys are required (auth mode) or managed (admin token), and a pepper is set
     * (the startup checks refuse mode keys without one).
     */
    public static boolean needed(SettingsReader settings, boolean adminApiOn) {
        String pepper = settings.optional("gateway.keys.pepper").orElse(null);
        boolean keysMode = AuthMode.configured(settings) == AuthMode.KEYS;
        return pepper != null && pepper.strip().length() >= KeyHasher.MIN_PEPPER_LENGTH && (keysMode || adminApiOn);
    }

    /**
     * The key service on the gateway's database, or null when it is not {@link #needed}. {@code revocations} is told
     * every revoked key id and every rotated key's old hash (for other replicas).
     */
    public static VirtualKeys virtualKeys(SettingsReader settings, boolean adminApiOn, GatewayDatabase database,
            Consumer<String> revocations) {
        if (!needed(settings, adminApiOn) || database == null) {
            return null;
        }
        String pepper = settings.string("gateway.keys.pepper");
        SecretRedactor.register(pepper);
        return new VirtualKeys(new JdbcKeyStore(database), new KeyHasher(pepper), Clock.systemUTC(), revocations);
    }

    /** {@code revoked}: whether a key id or hash is revoked on any replica (the shared state's set). */
    public static Authenticator authenticator(SettingsReader settings, VirtualKeys keys, Predicate<String> revoked) {
        AuthMode mode = AuthMode.configured(settings);
        if (mode == AuthMode.KEYS && keys != null) {
            return Authenticator.virtualKeys(keys, revoked);
        }
        if (mode == AuthMode.PASSTHROUGH) {
            return Authenticator.passthrough();
        }
        // keys without a pepper or an unknown mode: the startup checks stop the gateway before it serves
        return Authenticator.anyToken();
    }
}
