package io.camelgateway.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who may read the admin endpoints: with {@code gateway.admin.token} set, a request bearing that token; without
 * it, only requests from the loopback interface.
 */
public final class AdminAccess {

    private final byte[] token;
    private final LongAdder refusals = new LongAdder();

    /** {@code token} may be null or blank (loopback only). It is kept for comparison and never logged. */
    public AdminAccess(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim().getBytes(StandardCharsets.UTF_8);
    }

    public boolean allows(String authorization, String remoteHost) {
        if (token == null) {
            return isLoopback(remoteHost);
        }
        return allowsToken(authorization);
    }

    /** A loopback client, or one bearing the admin token (what {@code /metrics} needs when exposed off loopback). */
    public boolean allowsLoopbackOrToken(String authorization, String remoteHost) {
        return isLoopback(remoteHost) || allowsToken(authorization);
    }

    /** True only for a request bearing the admin token (compared in constant time); false when none is set. */
    public boolean allowsToken(String authorization) {
        if (token == null) {
            return false;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, offered);
    }

    /** Counts a request refused for a missing or wrong admin token. */
    public void refused() {
        refusals.increment();
    }

    public long refusalCount() {
        return refusals.sum();
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        return host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1") || host.equals("localhost");
    }
}
