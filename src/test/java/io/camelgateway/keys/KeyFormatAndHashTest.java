package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeyFormatAndHashTest {

    private static final String PEPPER = "pepper-for-tests-0123456789";

    @Test
    void aNewKeyIsThePrefixAnd43Base64UrlCharactersAndNeverRepeats() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = KeyFormat.newKey();
            assertTrue(key.matches("sk-gw-[A-Za-z0-9_-]{43}"), key);
            assertTrue(KeyFormat.looksLikeKey(key));
            assertTrue(seen.add(key));
        }
    }

    @Test
    void anIdIsRandomAndCarriesNothingOfTheKey() {
        String id = KeyFormat.newId();
        assertTrue(id.matches("key_[A-Za-z0-9_-]{16}"), id);
        assertTrue(KeyFormat.looksLikeId(id));
        assertNotEquals(id, KeyFormat.newId());
    }

    @Test
    void textThatIsNotAGatewayKeyIsRecognisedAsSuch() {
        assertFalse(KeyFormat.looksLikeKey(null));
        assertFalse(KeyFormat.looksLikeKey("sk-openai-1234567890abcdefghijklmnopqrstuvwxyz"));
        assertFalse(KeyFormat.looksLikeKey("sk-gw-short"));
        assertFalse(KeyFormat.looksLikeKey("sk-gw-" + "a".repeat(42) + "!"));
    }

    @Test
    void theHashIsHmacSha256WithThePepper() throws Exception {
        String key = KeyFormat.newKey();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PEPPER.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));

        String hash = new KeyHasher(PEPPER).hash(key);

        assertEquals(expected, hash);
        assertEquals(64, hash.length());
        assertFalse(hash.contains(key.substring(6)));
        assertNotEquals(hash, new KeyHasher(PEPPER + "x").hash(key), "another pepper, another hash");
    }

    @Test
    void aMissingOrShortPepperIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyHasher(null));
        assertThrows(IllegalArgumentException.class, () -> new KeyHasher("short"));
        assertThrows(IllegalArgumentException.class, () -> new KeyHasher("  fifteen chars  ".substring(0, 15)));
    }

    @Test
    void hashesAreComparedWhole() {
        assertTrue(KeyHasher.same("abc", "abc"));
        assertFalse(KeyHasher.same("abc", "abd"));
        assertFalse(KeyHasher.same("abc", "abcd"));
        assertFalse(KeyHasher.same(null, "abc"));
    }
}
