package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.settings.SettingsReader;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The auth mode a gateway runs in: the setting when given, else by the address it listens on. */
class AuthModeTest {

    private static AuthMode configured(String host, String mode) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation("classpath:application.properties");
            camel.getPropertiesComponent().addOverrideProperty("camel.server.host", host);
            if (mode != null) {
                camel.getPropertiesComponent().addOverrideProperty("gateway.auth.mode", mode);
            }
            SettingsReader settings = new SettingsReader(camel.getPropertiesComponent());
            assertEquals(mode != null && !mode.isBlank(), AuthMode.explicit(settings));
            return AuthMode.configured(settings);
        }
    }

    @Test
    void leftEmptyItIsAnyOnLoopbackAndKeysElsewhere() throws Exception {
        assertEquals(AuthMode.ANY, configured("127.0.0.1", null));
        assertEquals(AuthMode.ANY, configured("::1", ""));
        assertEquals(AuthMode.ANY, configured("localhost", null));
        assertEquals(AuthMode.KEYS, configured("0.0.0.0", null));
        assertEquals(AuthMode.KEYS, configured("::", " "));
    }

    @Test
    void aModeSetIsTakenWhateverTheAddress() throws Exception {
        assertEquals(AuthMode.ANY, configured("0.0.0.0", "any"));
        assertEquals(AuthMode.KEYS, configured("127.0.0.1", "KEYS"));
        assertEquals(AuthMode.PASSTHROUGH, configured("0.0.0.0", " passthrough "));
    }

    @Test
    void anUnknownModeIsNullNotTheDefault() throws Exception {
        assertNull(configured("127.0.0.1", "open"));
        assertNull(configured("0.0.0.0", "anyone"));
        assertTrue(AuthMode.parse("any") == AuthMode.ANY);
        assertFalse(AuthMode.parse("") != null);
    }
}
