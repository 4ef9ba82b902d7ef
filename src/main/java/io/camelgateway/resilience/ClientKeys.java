package io.camelgateway.resilience;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The client key for per-key limits: a hash of the bearer token (or, for clients that send none, such as Claude
 * Code with an API key, of the {@code x-api-key} header), so the raw token is never kept.
 */
public final class ClientKeys {

    private ClientKeys() {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public static String of(String authorization, String apiKey) {
        if ((authorization == null || authorization.isBlank()) && apiKey != null && !apiKey.isBlank()) {
            return of(apiKey);
        }
        return of(authorization);
    }

    public static String of(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return "anonymous";
        }
        String token = authorization.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        byte[] digest = SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 12);
    }
}
