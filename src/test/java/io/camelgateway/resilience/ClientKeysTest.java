package io.camelgateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ClientKeysTest {

    @Test
    void anApiKeyHeaderCountsAsTheClientKeyWhenNoBearerIsSent() {
        String bearer = ClientKeys.of("Bearer sk-one", null);
        assertEquals(bearer, ClientKeys.of(null, "sk-one"), "the same key, either way it is sent");
        assertEquals(bearer, ClientKeys.of("Bearer sk-one", "sk-two"), "the bearer wins");
        assertNotEquals(bearer, ClientKeys.of(null, "sk-two"));
        assertEquals("anonymous", ClientKeys.of(null, " "));
        assertFalse(ClientKeys.of(null, "sk-one").contains("sk-one"), "only a hash is kept");
    }
}
