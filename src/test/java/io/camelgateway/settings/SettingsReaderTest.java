package io.camelgateway.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The jar's application.properties is the only place defaults are written: every setting the readers need is there. */
class SettingsReaderTest {

    @Test
    void theJarsApplicationPropertiesGivesEverySettingItsDefault() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation("classpath:application.properties");
            SettingsReader read = new SettingsReader(camel.getPropertiesComponent());

            GatewaySettings gateway = GatewaySettings.from(read);
            ResilienceSettings resilience = ResilienceSettings.from(read);

            assertEquals(120_000, gateway.firstByteTimeoutMs());
            assertEquals(3_600_000L, gateway.totalTimeoutMs());
            assertEquals(2, resilience.maxRetries());
            assertEquals(0.2, resilience.budgetRatio());
            assertEquals(30, resilience.breaker().waitDurationInOpenStateSeconds());
        }
    }

    @Test
    void aMissingOrMistypedSettingIsNamed() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().addInitialProperty("gateway.retry.max-retries", "two");
            SettingsReader read = new SettingsReader(camel.getPropertiesComponent());

            IllegalStateException missing = assertThrows(IllegalStateException.class,
                    () -> read.integer("gateway.upstream.connect-timeout-ms"));
            IllegalStateException mistyped = assertThrows(IllegalStateException.class,
                    () -> read.integer("gateway.retry.max-retries"));

            assertTrue(missing.getMessage().contains("gateway.upstream.connect-timeout-ms"), missing.getMessage());
            assertTrue(mistyped.getMessage().contains("gateway.retry.max-retries = 'two'"), mistyped.getMessage());
        }
    }
}
