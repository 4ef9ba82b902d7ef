package io.camelgateway.fakes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way AWS does, written from the specification and independent of the SDK
 * that signs: the canonical request is rebuilt from the request as it arrived (raw path, headers, body), signed
 * with the known secret, and compared. Paths are URI-encoded once more, as for every service but S3.
 */
public final class SigV4Verifier {

    /** Why a request was refused: the AWS error kind and its message; null fields never occur. */
    public record Refusal(String kind, String message) {
    }

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String region;
    private final String service;

    public SigV4Verifier(String accessKeyId, String secretAccessKey, String sessionToken, String region, String service) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken;
        this.region = region;
        this.service = service;
    }

    /** Null when the signature is valid; {@code headers} has lower-case names. */
    public Refusal check(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String authorization = first(headers, "authorization");
        if (authorization == null) {
            return new Refusal("MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (!authorization.startsWith("AWS4-HMAC-SHA256 ")) {
            return new Refusal("IncompleteSignatureException", "Authorization header is not AWS4-HMAC-SHA256");
        }
        String credential = part(authorization, "Credential=");
        String signedHeaders = part(authorization, "SignedHeaders=");
        String signature = part(authorization, "Signature=");
        if (credential == null || signedHeaders == null || signature == null) {
            return new Refusal("IncompleteSignatureException", "Authorization header lacks Credential, SignedHeaders or Signature");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            return new Refusal("IncompleteSignatureException", "bad credential scope " + credential);
        }
        if (!scope[0].equals(accessKeyId)) {
            return new Refusal("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        if (!scope[2].equals(region) || !scope[3].equals(service)) {
            return new Refusal("InvalidSignatureException", "Credential should be scoped to a valid region/service ("
                    + region + "/" + service + "), not " + scope[2] + "/" + scope[3]);
        }
        String amzDate = first(headers, "x-amz-date");
        if (amzDate == null) {
            return new Refusal("IncompleteSignatureException", "X-Amz-Date is missing");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (RuntimeException e) {
            return new Refusal("IncompleteSignatureException", "X-Amz-Date is malformed");
        }
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(MAX_SKEW) > 0) {
            return new Refusal("InvalidSignatureException", "Signature expired");
        }
        if (!amzDate.startsWith(scope[1])) {
            return new Refusal("InvalidSignatureException", "credential date does not match X-Amz-Date");
        }
        List<String> signed = List.of(signedHeaders.split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-date")) {
            return new Refusal("InvalidSignatureException", "host and x-amz-date must be signed");
        }
        if (sessionToken != null && (!sessionToken.equals(first(headers, "x-amz-security-token"))
                || !signed.contains("x-amz-security-token"))) {
            return new Refusal("UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(method).append('\n').append(canonicalUri(rawPath)).append('\n')
                .append(rawQuery == null ? "" : rawQuery).append('\n');
        for (String name : signed) {
            List<String> values = headers.get(name);
            if (values == null) {
                return new Refusal("InvalidSignatureException", "signed header " + name + " is missing");
            }
            canonical.append(name).append(':').append(String.join(",", values.stream()
                    .map(v -> v.strip().replaceAll(" +", " ")).toList())).append('\n');
        }
        String payloadHash = first(headers, "x-amz-content-sha256");
        String bodyHash = hex(sha256(body));
        if (payloadHash != null && !payloadHash.equals(bodyHash)) {
            return new Refusal("InvalidSignatureException", "x-amz-content-sha256 does not match the body");
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(bodyHash);
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope[1] + "/" + region + "/" + service
                + "/aws4_request\n" + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Refusal("InvalidSignatureException", "The request signature we calculated does not match the "
                    + "signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return null;
    }

    /** Each segment of the path as received (already encoded once) URI-encoded again. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(uriEncode(segments[i]));
        }
        return out.toString();
    }

    static String uriEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String part(String authorization, String name) {
        int start = authorization.indexOf(name);
        if (start < 0) {
            return null;
        }
        start += name.length();
        int end = authorization.indexOf(',', start);
        return (end < 0 ? authorization.substring(start) : authorization.substring(start, end)).strip();
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
