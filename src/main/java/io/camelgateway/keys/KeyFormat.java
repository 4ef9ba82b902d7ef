package io.camelgateway.keys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** What a virtual key and a key id look like, and how new ones are drawn. */
public final class KeyFormat {

    public static final String KEY_PREFIX = "sk-gw-";
    public static final String ID_PREFIX = "key_";
    private static final int KEY_BYTES = 32;
    private static final int ID_BYTES = 12;
    /** 32 bytes make 43 base64url characters; longer keys are accepted should the length grow later. */
    private static final Pattern KEY = Pattern.compile("sk-gw-[A-Za-z0-9_-]{32,128}");
    private static final Pattern ID = Pattern.compile("key_[A-Za-z0-9_-]{8,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private KeyFormat() {
    }

    /** A new plain key: the prefix and 32 random bytes in base64url (43 characters). */
    public static String newKey() {
        return KEY_PREFIX + randomText(KEY_BYTES);
    }

    /** A new key id, random and unrelated to the key, so ids can be shown and logged freely. */
    public static String newId() {
        return ID_PREFIX + randomText(ID_BYTES);
    }

    public static boolean looksLikeKey(String text) {
        return text != null && KEY.matcher(text).matches();
    }

    public static boolean looksLikeId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    private static String randomText(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return BASE64URL.encodeToString(random);
    }
}
