package io.camelgateway.keys;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a turn may be served and for whom. In {@link AuthMode#KEYS} the request must bear a valid,
 * enabled, unexpired virtual key (as a bearer token or in {@code x-api-key}); in {@link AuthMode#PASSTHROUGH} it must
 * bear a key of its own, which goes upstream ({@link #passthroughKey}); in {@link AuthMode#ANY} every request passes.
 * Only mode keys gives a principal. Failures are {@link GatewayException}s, answered in the client API's error shape,
 * and counted by reason ({@link #FAILURE_REASONS}). A key the shared state lists as revoked (its id, or its hash
 * after a rotation) is refused at once, before the key cache expires.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    /** Why a request was refused: 401 for the first five, 403 for the last. */
    public static final List<String> FAILURE_REASONS = List.of("missing", "invalid", "revoked", "disabled", "expired",
            "model_not_allowed");

    private final AuthMode mode;
    private final VirtualKeys keys;
    private final Predicate<String> revoked;
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    private Authenticator(AuthMode mode, VirtualKeys keys, Predicate<String> revoked) {
        this.mode = mode;
        this.keys = keys;
        this.revoked = revoked;
        FAILURE_REASONS.forEach(reason -> failures.put(reason, new LongAdder()));
    }

    public static Authenticator anyToken() {
        return new Authenticator(AuthMode.ANY, null, id -> false);
    }

    public static Authenticator virtualKeys(VirtualKeys keys) {
        return virtualKeys(keys, id -> false);
    }

    /** {@code revoked}: whether a key id or key hash is revoked on any replica (the shared state's set). */
    public static Authenticator virtualKeys(VirtualKeys keys, Predicate<String> revoked) {
        return new Authenticator(AuthMode.KEYS, keys, revoked);
    }

    /** Refusals since start for one of {@link #FAILURE_REASONS}. */
    public long failureCount(String reason) {
        LongAdder count = failures.get(reason);
        return count == null ? 0 : count.sum();
    }

    public static Authenticator passthrough() {
        return new Authenticator(AuthMode.PASSTHROUGH, null, id -> false);
    }

    public AuthMode mode() {
        return mode;
    }

    /** The principal of a request with these headers; null in modes any and passthrough. */
    public KeyPrincipal authenticate(String authorization, String apiKeyHeader) {
        if (mode == AuthMode.PASSTHROUGH) {
            passthroughKey(authorization, apiKeyHeader);
            return null;
        }
        if (mode != AuthMode.KEYS) {
            return null;
        }
        String presented = presentedKey(authorization, apiKeyHeader);
        if (presented == null) {
            throw refuse("missing", "No API key was sent. Send your gateway key (sk-gw-…) as the bearer token"
                    + " (Authorization: Bearer …) or in x-api-key.");
        }
        KeyRecord key = find(presented);
        Instant now = keys.now();
        if (key.revokedAt() != null || revoked.test(key.id()) || revoked.test(key.hash())) {
            throw refuse("revoked", "This API key (" + key.id() + ") was revoked. Ask your gateway admin for a new key.");
        }
        if (!key.enabled()) {
            throw refuse("disabled", "This API key (" + key.id() + ") is disabled. Ask your gateway admin to enable it.");
        }
        if (!key.usableAt(now)) {
            throw refuse("expired", "This API key (" + key.id() + ") expired at " + key.expiresAt()
                    + ". Ask your gateway admin for a new key.");
        }
        return KeyPrincipal.of(key);
    }

    /** {@link #requireModel}, counting a refusal. */
    public void checkModel(KeyPrincipal principal, String... names) {
        try {
            requireModel(principal, names);
        } catch (GatewayException refused) {
            failures.get("model_not_allowed").increment();
            throw refused;
        }
    }

    /**
     * In mode passthrough, the client's own provider key (bearer token, else {@code x-api-key}), which goes upstream
     * in place of the gateway's; refused when none was sent. Null in the other modes.
     */
    public String passthroughKey(String authorization, String apiKeyHeader) {
        if (mode != AuthMode.PASSTHROUGH) {
            return null;
        }
        String presented = presentedKey(authorization, apiKeyHeader);
        if (presented == null) {
            throw refuse("missing", "No API key was sent. This gateway passes your own provider key through: send it as the"
                    + " bearer token (Authorization: Bearer …) or in x-api-key.");
        }
        return presented;
    }

    /**
     * Refuses a model the key may not use. {@code names} are the model as the client named it and, when known, what it
     * resolved to ({@code provider/model}); either may match.
     */
    public static void requireModel(KeyPrincipal principal, String... names) {
        if (principal == null || ModelGlobs.allows(principal.models(), names)) {
            return;
        }
        throw new GatewayException(new TurnError(403, "invalid_request_error", "model_not_allowed",
                "This API key may not use the model '" + names[0] + "'. Allowed: " + String.join(", ",
                        principal.models()) + ".", "model", null));
    }

    private KeyRecord find(String presented) {
        try {
            return keys.find(presented).orElseThrow(() -> refuse("invalid", "The API key is not valid for this gateway."
                    + " Ask your gateway admin for a key."));
        } catch (KeyStoreException e) {
            LOG.warn("Cannot check an API key: {}", e.getMessage());
            throw new GatewayException(new TurnError(503, "server_error", "key_store_unavailable",
                    "The gateway cannot check API keys right now (its key store is unreachable); retry shortly.",
                    null, 2L));
        }
    }

    static String presentedKey(String authorization, String apiKeyHeader) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        if (apiKeyHeader != null && !apiKeyHeader.isBlank()) {
            return apiKeyHeader.trim();
        }
        return null;
    }

    private GatewayException refuse(String reason, String message) {
        failures.get(reason).increment();
        return new GatewayException(new TurnError(401, "invalid_request_error", "invalid_api_key", message, null, null));
    }
}
