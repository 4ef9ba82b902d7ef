package io.camelgateway.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider options are typed: good values are read, a value not of its type is refused, never defaulted. */
class ProviderOptionsTest {

    @Test
    void valuesAreReadByTheirPropertyNames() {
        ProviderOptions options = ProviderOptions.of(Map.of("first-byte-timeout-ms", " 500 ", "total-timeout-ms",
                "7200000", "max-retries", "0", "key-required", "TRUE", "anthropic-beta", "b1,b2", "web-search", "true",
                "thinking-budget-high", "0"));

        assertEquals(500, options.firstByteTimeoutMs());
        assertEquals(7_200_000L, options.totalTimeoutMs());
        assertEquals(0, options.maxRetries());
        assertEquals(Boolean.TRUE, options.keyRequired());
        assertEquals("b1,b2", options.anthropicBeta());
        assertTrue(options.webSearch());
        assertEquals(0, options.thinkingBudgetHigh());
    }

    @Test
    void unsetAndBlankValuesLeaveTheDefaultsToTheGateway() {
        ProviderOptions options = ProviderOptions.of(Map.of("idle-timeout-ms", "", "organization", "  "));

        assertNull(options.idleTimeoutMs());
        assertNull(options.organization());
        assertNull(options.keyRequired());
        assertFalse(options.sendReasoningEffort());
        assertEquals(ProviderOptions.NONE, options);
    }

    @Test
    void aValueNotOfItsTypeIsRefusedWithItsName() {
        assertRefused("first-byte-timeout-ms", "abc",
                "first-byte-timeout-ms: 'abc' is not a whole number of at least 0");
        assertRefused("connect-timeout-ms", "-5", "connect-timeout-ms: '-5' is not a whole number of at least 0");
        assertRefused("idle-timeout-ms", "99999999999", "idle-timeout-ms: '99999999999' is not a whole number up to");
        assertRefused("max-tokens", "0", "max-tokens: '0' is not a whole number of at least 1");
        assertRefused("key-required", "yes", "key-required: 'yes' is not true or false");
        assertRefused("options", "max-retries=1", "options: the key=value string is no longer read");
    }

    private static void assertRefused(String name, String value, String message) {
        ProviderOptions.InvalidOption refused = assertThrows(ProviderOptions.InvalidOption.class,
                () -> ProviderOptions.of(Map.of(name, value)));
        assertEquals(name, refused.name());
        assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
    }
}
