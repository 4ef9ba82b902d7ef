package io.camelgateway.network;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed certificates made by the real tools (keytool, openssl) for one test run, valid two days. */
final class TestCertificates {

    private TestCertificates() {
    }

    /** keytool: an EC key pair in a new PKCS#12 keystore, self-signed, with {@code san} (e.g. ip:127.0.0.1). */
    static Path pkcs12(Path dir, String alias, String password, String san) throws Exception {
        Path keystore = dir.resolve(alias + ".p12");
        run(dir, keytool(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + alias, "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password);
        return keystore;
    }

    /** keytool: the keystore's certificate as PEM (what a client is told to trust). */
    static Path certificatePem(Path keystore, String alias, String password) throws Exception {
        Path pem = keystore.resolveSibling(alias + "-cert.pem");
        String text = run(keystore.getParent(), keytool(), "-exportcert", "-rfc", "-alias", alias,
                "-keystore", keystore.toString(), "-storepass", password);
        Files.writeString(pem, text.substring(text.indexOf("-----BEGIN")));
        return pem;
    }

    /**
     * openssl: an RSA key and a self-signed certificate for 127.0.0.1 as a PEM pair, the key in the traditional
     * PKCS#1 form ({@code -----BEGIN RSA PRIVATE KEY-----}) that many tools still write. Returns {cert, key}.
     */
    static Path[] opensslPemPair(Path dir, String name) throws Exception {
        Path cert = dir.resolve(name + "-cert.pem");
        Path pkcs8 = dir.resolve(name + "-pkcs8.pem");
        Path key = dir.resolve(name + "-key.pem");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pkcs8.toString(),
                "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name,
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        run(dir, "openssl", "rsa", "-in", pkcs8.toString(), "-traditional", "-out", key.toString());
        return new Path[] {cert, key};
    }

    /** A client context trusting the certificates of a PEM file, and no other. */
    static SSLContext trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int n = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A server context presenting the keystore's key pair. */
    static SSLContext serving(Path keystore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    /** Runs a command to its end (at most a minute) and returns its output; a failure fails the test. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(command));
        Process process = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
