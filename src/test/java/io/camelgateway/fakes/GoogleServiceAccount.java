package io.camelgateway.fakes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.testing.TestRunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.UUID;

/**
 * A service account made for one test run: a fresh RSA key pair (never written anywhere but the test's temporary
 * file) and its key file in Google's format, whose {@code token_uri} points at a {@link FakeGoogleTokenServer}.
 */
public final class GoogleServiceAccount {

    private final KeyPair keys;
    private final String email;
    private final String keyId = UUID.randomUUID().toString().replace("-", "");
    private final String projectId;

    private GoogleServiceAccount(KeyPair keys, String email, String projectId) {
        this.keys = keys;
        this.email = email;
        this.projectId = projectId;
    }

    public static GoogleServiceAccount generate(String projectId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new GoogleServiceAccount(generator.generateKeyPair(),
                    "gateway-test@" + projectId + ".iam.gserviceaccount.com", projectId);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String email() {
        return email;
    }

    public String keyId() {
        return keyId;
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    /** Writes the key file (with {@code token_uri} = {@code tokenUri}) into {@code dir}; records the key as a secret. */
    public Path writeKeyFile(Path dir, String tokenUri) throws IOException {
        String encoded = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded());
        for (String line : encoded.split("\n")) {
            TestRunRecord.secret("service-account private key", line);
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", "service_account");
        json.put("project_id", projectId);
        json.put("private_key_id", keyId);
        json.put("private_key", "-----BEGIN PRIVATE KEY-----\n" + encoded + "\n-----END PRIVATE KEY-----\n");
        json.put("client_email", email);
        json.put("client_id", "100000000000000000001");
        json.put("auth_uri", "https://accounts.google.com/o/oauth2/auth");
        json.put("token_uri", tokenUri);
        Files.createDirectories(dir);
        Path file = dir.resolve("service-account-" + keyId.substring(0, 8) + ".json");
        Files.writeString(file, json.toPrettyString());
        return file;
    }
}
