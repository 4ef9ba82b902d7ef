package io.camelgateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash under which a virtual key is stored: HMAC-SHA-256 with the pepper, the same on every replica. A
 * leaked database alone gives no way to test guessed keys.
 */
public final class KeyHasher {

    /** Shorter peppers are refused: the pepper is what makes a stolen hash useless. */
    public static final int MIN_PEPPER_LENGTH = 16;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec pepper;

    public KeyHasher(String pepper) {
        if (pepper == null || pepper.strip().length() < MIN_PEPPER_LENGTH) {
            throw new IllegalArgumentException("the key pepper (GATEWAY_KEY_PEPPER) must be at least "
                    + MIN_PEPPER_LENGTH + " characters");
        }
        this.pepper = new SecretKeySpec(pepper.strip().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** Lower-case hex of HMAC-SHA-256(pepper, key). */
    public String hash(String plainKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(pepper);
            return HexFormat.of().formatHex(mac.doFinal(plainKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** Constant-time equality of two hashes (or any two secrets). */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
