package io.camelgateway.keys;

import io.camelgateway.settings.BindAddress;
import io.camelgateway.settings.SettingsReader;
import java.util.Locale;

/** {@code gateway.auth.mode}: how turns are authenticated. */
public enum AuthMode {
    /** Any bearer token, or none (local development). */
    ANY,
    /** A valid virtual key is required. */
    KEYS,
    /** The client's bearer goes upstream in place of the provider key (single-user setups). */
    PASSTHROUGH;

    static final String SETTING = "gateway.auth.mode";

    /** The mode named {@code text}, or null for an unknown name. */
    public static AuthMode parse(String text) {
        for (AuthMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        return null;
    }

    /**
     * The mode the gateway runs in: {@code gateway.auth.mode} when set; left empty, {@link #ANY} while bound to
     * loopback and {@link #KEYS} on any other address, so that accepting any bearer from the network is always an
     * explicit choice. Null for a value that names no mode (the startup checks refuse it).
     */
    public static AuthMode configured(SettingsReader settings) {
        String named = settings.optional(SETTING).orElse(null);
        if (named != null) {
            return parse(named);
        }
        return BindAddress.isLoopback(settings.string("camel.server.host")) ? ANY : KEYS;
    }

    /** True when {@code gateway.auth.mode} names the mode rather than leaving it to the bind address. */
    public static boolean explicit(SettingsReader settings) {
        return settings.optional(SETTING).isPresent();
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
