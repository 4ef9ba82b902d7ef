package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camelgateway.api.GatewayException;
import java.time.Clock;
import java.util.List;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    private final InMemoryKeyStore store = new InMemoryKeyStore();
    private final VirtualKeys keys = new VirtualKeys(store, new KeyHasher(KeyStoreContract.PEPPER), Clock.systemUTC());

    @Test
    void aKeyIsTakenFromTheBearerTokenOrElseFromXApiKey() {
        String key = keys.issue(KeyStoreContract.draft("ana")).plainKey();
        Authenticator authenticator = Authenticator.virtualKeys(keys);
        assertEquals("ana", authenticator.authenticate("Bearer " + key, null).owner());
        assertEquals("ana", authenticator.authenticate("bearer " + key, null).owner());
        assertEquals("ana", authenticator.authenticate(null, key).owner());
        KeyPrincipal principal = authenticator.authenticate("Basic abc", key);
        assertEquals("platform", principal.team());
        assertEquals("web", principal.project());
        assertEquals(store.keys().get(0).id(), principal.keyId());
    }

    @Test
    void modeAnyLetsEveryRequestThroughWithoutAPrincipal() {
        assertNull(Authenticator.anyToken().authenticate(null, null));
        assertDoesNotThrow(() -> Authenticator.requireModel(null, "openai/gpt-5.1"));
    }

    @Test
    void refusalsAre401InvalidApiKeyAndAStoreFailureIs503() {
        Authenticator authenticator = Authenticator.virtualKeys(keys);
        for (String[] headers : new String[][] {{null, null}, {"Bearer ", " "}, {"Bearer nonsense", null}}) {
            GatewayException refused = assertThrows(GatewayException.class,
                    () -> authenticator.authenticate(headers[0], headers[1]));
            assertEquals(401, refused.error().status());
            assertEquals("invalid_api_key", refused.error().code());
        }
        VirtualKeys broken = new VirtualKeys(unreachableStore(), new KeyHasher(KeyStoreContract.PEPPER),
                Clock.systemUTC());
        GatewayException unavailable = assertThrows(GatewayException.class,
                () -> Authenticator.virtualKeys(broken).authenticate("Bearer " + KeyFormat.newKey(), null));
        assertEquals(503, unavailable.error().status());
        assertEquals(2L, unavailable.error().retryAfterSeconds());
    }

    /** A store whose database is down: every call fails as the JDBC store's would. */
    private static KeyStore unreachableStore() {
        return (KeyStore) Proxy.newProxyInstance(KeyStore.class.getClassLoader(), new Class<?>[] {KeyStore.class},
                (proxy, method, args) -> {
                    throw new KeyStoreException(new SQLException("Connection refused"));
                });
    }

    @Test
    void aModelOutsideTheKeysListIs403NamingTheAllowedOnes() {
        KeyPrincipal principal = new KeyPrincipal("key_x", "ana", null, null, List.of("anthropic/*", "auto"));
        assertDoesNotThrow(() -> Authenticator.requireModel(principal, "claude-opus", "anthropic/claude-opus-4-7"));
        GatewayException refused = assertThrows(GatewayException.class,
                () -> Authenticator.requireModel(principal, "gpt", "openai/gpt-5.1"));
        assertEquals(403, refused.error().status());
        assertEquals("model_not_allowed", refused.error().code());
        assertEquals("This API key may not use the model 'gpt'. Allowed: anthropic/*, auto.", refused.error().message());
    }
}
