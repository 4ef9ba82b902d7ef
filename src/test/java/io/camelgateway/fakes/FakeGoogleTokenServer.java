package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.camelgateway.testing.TestRunRecord;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A strict stand-in for Google's OAuth token endpoint ({@code oauth2.googleapis.com/token}) for one service account:
 * it accepts only the JWT-bearer grant whose assertion is signed (RS256) with that account's private key, names the
 * account as issuer, Google's token endpoint as audience and the cloud-platform scope, and has not expired. It issues short-lived tokens (as
 * short as the test asks, so renewal is exercised) and tells the fake APIs whether a bearer token is valid.
 */
public final class FakeGoogleTokenServer extends LoopbackHttpServer {

    /** What a fake API makes of a bearer token. */
    public enum Verdict { VALID, EXPIRED, REVOKED, UNKNOWN }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";

    private final GoogleServiceAccount account;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> revoked = ConcurrentHashMap.newKeySet();
    private volatile int lifetimeSeconds = 3600;
    private volatile boolean refuseAll;

    private FakeGoogleTokenServer(GoogleServiceAccount account) {
        this.account = account;
    }

    public static FakeGoogleTokenServer start(GoogleServiceAccount account) {
        return new FakeGoogleTokenServer(account);
    }

    /** The {@code token_uri} of the account's key file. */
    public String tokenUri() {
        return origin() + "/token";
    }

    /** Tokens issued from now on live this long ({@code expires_in}). */
    public FakeGoogleTokenServer lifetimeSeconds(int seconds) {
        lifetimeSeconds = seconds;
        return this;
    }

    /** Answers every grant with {@code invalid_grant} (a deleted key) while set. */
    public void refuseAll(boolean refuse) {
        refuseAll = refuse;
    }

    /** Every token issued so far becomes invalid (as if Google revoked it); new ones are still issued. */
    public void revokeAll() {
        revoked.addAll(issued);
    }

    public List<String> issued() {
        return List.copyOf(issued);
    }

    /** Why grants were refused (bad signature, wrong audience...), in order. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    public Verdict verdict(String token) {
        Long expiry = token == null ? null : expiries.get(token);
        if (expiry == null) {
            return Verdict.UNKNOWN;
        }
        if (revoked.contains(token)) {
            return Verdict.REVOKED;
        }
        return System.currentTimeMillis() >= expiry ? Verdict.EXPIRED : Verdict.VALID;
    }

    @Override
    protected void serve(Received request, HttpExchange exchange) throws IOException {
        if (!"POST".equals(request.method()) || !"/token".equals(request.path())) {
            respond(exchange, 404, "application/json", Map.of(), "{\"error\":\"not_found\"}");
            return;
        }
        String problem = problem(request);
        if (problem == null && refuseAll) {
            problem = "refused by the test";
        }
        if (problem != null) {
            rejections.add(problem);
            respond(exchange, 400, "application/json", Map.of(),
                    "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            return;
        }
        String token = "ya29.fake-" + UUID.randomUUID().toString().replace("-", "");
        TestRunRecord.secret("google access token", token);
        int lifetime = lifetimeSeconds;
        expiries.put(token, System.currentTimeMillis() + lifetime * 1000L);
        issued.add(token);
        respond(exchange, 200, "application/json", Map.of(), "{\"access_token\":\"" + token
                + "\",\"expires_in\":" + lifetime + ",\"token_type\":\"Bearer\"}");
    }

    /** Why the grant is not one Google would honour, or null. */
    private String problem(Received request) {
        String type = request.header("content-type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            return "content-type " + type;
        }
        Map<String, String> form = form(request.body());
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return "grant_type " + form.get("grant_type");
        }
        String[] jwt = form.getOrDefault("assertion", "").split("\\.");
        if (jwt.length != 3) {
            return "assertion is not a JWT";
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(jwt[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
            if (!"RS256".equals(header.path("alg").asText()) || !account.keyId().equals(header.path("kid").asText())) {
                return "header " + header;
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(account.publicKey());
            rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return "signature does not verify";
            }
            long now = System.currentTimeMillis() / 1000;
            if (!account.email().equals(claims.path("iss").asText())) {
                return "iss " + claims.path("iss").asText();
            }
            // the audience Google requires (the library signs it even when token_uri points elsewhere)
            if (!GOOGLE_TOKEN_AUDIENCE.equals(claims.path("aud").asText())) {
                return "aud " + claims.path("aud").asText();
            }
            if (!claims.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform")) {
                return "scope " + claims.path("scope").asText();
            }
            long iat = claims.path("iat").asLong();
            long exp = claims.path("exp").asLong();
            if (iat > now + 60 || exp <= now || exp - iat > 3600) {
                return "iat/exp " + iat + "/" + exp + " at " + now;
            }
            return null;
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return "assertion unreadable: " + e;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
