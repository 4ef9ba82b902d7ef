package io.camelgateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.TrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files behind gateway.tls.* and gateway.upstream.trust-store, made by openssl, and the one-line refusals. */
class TlsFilesTest {

    @TempDir
    static Path dir;
    private static Path rsaCert;
    private static Path rsaKey;
    private static Path ecKey;
    private static Path encryptedKey;

    @BeforeAll
    static void files() throws Exception {
        rsaCert = dir.resolve("rsa-cert.pem");
        rsaKey = dir.resolve("rsa-key.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", rsaKey.toString(), "-out", rsaCert.toString(),
                "-days", "2", "-subj", "/CN=files-test");
        ecKey = dir.resolve("ec-key.pem");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecKey.toString());
        encryptedKey = dir.resolve("encrypted-key.pem");
        openssl("pkcs8", "-topk8", "-in", rsaKey.toString(), "-out", encryptedKey.toString(), "-passout", "pass:secret-pw");
    }

    private static void openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, output);
    }

    @Test
    void aPkcs8PemPairLoadsAndNothingSetMeansPlainHttp() {
        ServerIdentity identity = ServerIdentity.load(null, null, rsaCert.toString(), rsaKey.toString());
        assertEquals("CN=files-test", identity.certificate().getSubjectX500Principal().getName());
        assertTrue(identity.sslContextParameters().getKeyManagers() != null);
        assertNull(ServerIdentity.load(null, null, null, null));
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        TlsSetupException e = assertThrows(TlsSetupException.class, () ->
                ServerIdentity.load(null, null, rsaCert.toString(), ecKey.toString()));
        assertTrue(e.getMessage().contains("they are not a pair"), e.getMessage());
    }

    @Test
    void anotherKeyOfTheSameAlgorithmIsRefusedToo() throws Exception {
        Path otherKey = dir.resolve("other-rsa-key.pem");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", otherKey.toString());
        TlsSetupException e = assertThrows(TlsSetupException.class, () ->
                ServerIdentity.load(null, null, rsaCert.toString(), otherKey.toString()));
        assertTrue(e.getMessage().contains("they are not a pair"), e.getMessage());
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheWayOut() {
        TlsSetupException e = assertThrows(TlsSetupException.class, () ->
                ServerIdentity.load(null, null, rsaCert.toString(), encryptedKey.toString()));
        assertTrue(e.getMessage().contains("is encrypted; give an unencrypted key"), e.getMessage());
    }

    @Test
    void bothFormsAtOnceOrAPemFileAsKeystoreAreRefused() {
        assertTrue(assertThrows(TlsSetupException.class, () -> ServerIdentity.load("a.p12", null, rsaCert.toString(),
                rsaKey.toString())).getMessage().startsWith("Set either gateway.tls.keystore"));
        assertTrue(assertThrows(TlsSetupException.class, () -> ServerIdentity.load(rsaCert.toString(), null, null,
                null)).getMessage().contains("is a PEM file; set gateway.tls.cert and gateway.tls.key"));
    }

    @Test
    void theUpstreamTrustStoreAddsToTheJdkCasWithoutReplacingThem() throws Exception {
        UpstreamTrust trust = UpstreamTrust.load(rsaCert.toString(), null);
        TrustOptions options = trust.trustOptions();
        X509TrustManager merged = (X509TrustManager) options.getTrustManagerFactory(null).getTrustManagers()[0];

        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        X509Certificate[] defaults = ((X509TrustManager) jdk.getTrustManagers()[0]).getAcceptedIssuers();
        assertTrue(defaults.length > 10, "the JDK ships public CAs");
        assertEquals(defaults.length + 1, merged.getAcceptedIssuers().length);
        assertTrue(Arrays.stream(merged.getAcceptedIssuers()).anyMatch(ca ->
                ca.getSubjectX500Principal().getName().equals("CN=files-test")));
        assertTrue(trust.describe().startsWith("1 CA certificate(s) from "), trust.describe());
    }

    @Test
    void aTrustStoreThatIsNotACertificateFileIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a keystore");
        TlsSetupException e = assertThrows(TlsSetupException.class, () -> UpstreamTrust.load(junk.toString(), "pw"));
        assertTrue(e.getMessage().startsWith("gateway.upstream.trust-store (" + junk + ")"), e.getMessage());
    }
}
