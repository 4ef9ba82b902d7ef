package io.camelgateway.keys;

import java.util.Locale;

/** {@code gateway.auth.mode}: how turns are authenticated. */
public enum AuthMode {
    /** Any bearer token, or none (local development). */
    ANY,
    /** A valid virtual key is required. */
    KEYS,
    /** The client's bearer goes upstream in place of the provider key (not implemented yet). */
    PASSTHROUGH;

    /** The mode named {@code text}, or null for an unknown name. */
    public static AuthMode parse(String text) {
        for (AuthMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        return null;
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
