package io.camelgateway.provider.google;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.fakes.FakeGoogleTokenServer;
import io.camelgateway.fakes.GoogleServiceAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth library's real JWT signing and token refresh against a strict fake token endpoint. */
class GoogleAccessTokensTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aServiceAccountGetsATokenAndRenewsItBeforeItExpires() throws Exception {
        GoogleServiceAccount account = GoogleServiceAccount.generate("p-1");
        try (FakeGoogleTokenServer google = FakeGoogleTokenServer.start(account).lifetimeSeconds(3)) {
            Path file = account.writeKeyFile(dir, google.tokenUri());
            try (GoogleAccessTokens tokens = GoogleAccessTokens.start(() -> GoogleCredentialsLoader.fromFile(file, "test"))) {
                String first;
                try {
                    first = tokens.token(WAIT);
                } finally {
                    assertEquals(List.of(), google.rejections());
                }
                assertEquals(FakeGoogleTokenServer.Verdict.VALID, google.verdict(first));
                assertEquals("p-1", tokens.projectId());
                Thread.sleep(3_500);
                String current = tokens.current();
                assertNotNull(current, "renewed in the background before the first expired");
                assertNotEquals(first, current);
                assertEquals(FakeGoogleTokenServer.Verdict.VALID, google.verdict(current));
                assertEquals(FakeGoogleTokenServer.Verdict.EXPIRED, google.verdict(first));
            }
        }
    }

    @Test
    void aRejectedTokenIsRenewedAndARefusedGrantIsReportedAsRejected() throws Exception {
        GoogleServiceAccount account = GoogleServiceAccount.generate("p-2");
        try (FakeGoogleTokenServer google = FakeGoogleTokenServer.start(account)) {
            Path file = account.writeKeyFile(dir, google.tokenUri());
            try (GoogleAccessTokens tokens = GoogleAccessTokens.start(() -> GoogleCredentialsLoader.fromFile(file, "test"))) {
                String first = tokens.token(WAIT);
                assertTrue(tokens.renew(first, WAIT));
                assertNotEquals(first, tokens.current());
                google.refuseAll(true);
                assertFalse(tokens.renew(tokens.current(), WAIT));
                assertEquals(null, tokens.current(), "no valid token after a refused renewal");
                GoogleAccessTokens.Unavailable refused = assertThrows(GoogleAccessTokens.Unavailable.class,
                        () -> tokens.token(WAIT));
                assertEquals(GoogleAccessTokens.Failure.REJECTED, refused.failure());
                assertFalse(refused.getMessage().contains("invalid_grant"), refused.getMessage());
            }
        }
    }

    @Test
    void badFilesAreNamedWithoutTheirContents() throws Exception {
        Path missing = dir.resolve("absent.json");
        assertProblem(missing, "does not exist", null);
        Path notJson = dir.resolve("not-json.json");
        Files.writeString(notJson, "secret-content-4711 {");
        assertProblem(notJson, "is not a JSON object", "secret-content-4711");
        Path wrongType = dir.resolve("wrong-type.json");
        Files.writeString(wrongType, "{\"type\":\"secret-type-4712\",\"private_key\":\"secret-key-4713\"}");
        assertProblem(wrongType, "is not a Google credentials file", "secret-");
        Path noKey = dir.resolve("no-key.json");
        Files.writeString(noKey, "{\"type\":\"service_account\",\"client_email\":\"secret-mail-4714@x\","
                + "\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nsecret-key-4715\\n-----END PRIVATE KEY-----\\n\"}");
        assertProblem(noKey, "could not load", "secret-");
        assertProblem(dir, "is a directory", null);
    }

    private static void assertProblem(Path file, String expected, String secret) {
        GoogleCredentialsException e = assertThrows(GoogleCredentialsException.class,
                () -> GoogleCredentialsLoader.fromFile(file, "GOOGLE_APPLICATION_CREDENTIALS"));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        if (secret != null) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
    }

    @Test
    void unusableCredentialsAreReportedToEveryTurnWithoutWaiting() throws Exception {
        try (GoogleAccessTokens tokens = GoogleAccessTokens.start(() -> GoogleCredentialsLoader.fromFile(
                dir.resolve("absent.json"), "test"))) {
            GoogleAccessTokens.Unavailable e = assertThrows(GoogleAccessTokens.Unavailable.class,
                    () -> tokens.token(WAIT));
            assertEquals(GoogleAccessTokens.Failure.UNUSABLE, e.failure());
            assertFalse(e.getMessage().contains("absent.json"), "the client is not told the path");
        }
    }
}
