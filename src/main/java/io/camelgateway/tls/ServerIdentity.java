package io.camelgateway.tls;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.impl.KeyStoreHelper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * The certificate and private key the gateway's own HTTPS listener presents: from a PKCS#12 keystore
 * ({@code gateway.tls.keystore} + password) or a PEM pair ({@code gateway.tls.cert} chain + {@code gateway.tls.key}).
 * Both are read and checked at startup, then held in an in-memory keystore under a password of our own, so the
 * operator's password is never handed on (Camel would resolve {@code {{...}}} in it as a property placeholder).
 */
public final class ServerIdentity {

    public static final String KEYSTORE = "gateway.tls.keystore";
    public static final String CERT = "gateway.tls.cert";
    public static final String KEY = "gateway.tls.key";
    private static final String ALIAS = "gateway";

    private final PrivateKey key;
    private final X509Certificate[] chain;
    private final String source;

    private ServerIdentity(PrivateKey key, X509Certificate[] chain, String source) {
        this.key = key;
        this.chain = chain;
        this.source = source;
    }

    /** The configured identity, or null when no TLS setting is set (the listener speaks plain HTTP). */
    public static ServerIdentity load(String keystore, String keystorePassword, String cert, String keyFile) {
        if (keystore != null && (cert != null || keyFile != null)) {
            throw new TlsSetupException("Set either " + KEYSTORE + " (PKCS#12) or " + CERT + " and " + KEY
                    + " (PEM), not both.");
        }
        if (keystore != null) {
            return fromPkcs12(keystore, keystorePassword);
        }
        if (cert == null && keyFile == null) {
            return null;
        }
        if (cert == null || keyFile == null) {
            throw new TlsSetupException("A PEM pair needs both " + CERT + " (certificate chain) and " + KEY
                    + " (private key); " + (cert == null ? CERT : KEY) + " is not set.");
        }
        return fromPem(cert, keyFile);
    }

    private static ServerIdentity fromPkcs12(String file, String password) {
        byte[] content = TlsFiles.read(KEYSTORE, file);
        if (TlsFiles.isPem(content)) {
            throw new TlsSetupException(KEYSTORE + " (" + file + ") is a PEM file; set " + CERT + " and " + KEY
                    + " for a PEM pair, or give a PKCS#12 keystore here.");
        }
        KeyStore store = TlsFiles.pkcs12(KEYSTORE, file, content, password);
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, secret);
                Certificate[] chain = store.getCertificateChain(alias);
                if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                    return new ServerIdentity(privateKey, x509(chain), file + " (entry " + alias + ")");
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(KEYSTORE + " (" + file + "): its private key cannot be read with the given "
                    + "password (" + e.getClass().getSimpleName() + ").");
        }
        throw new TlsSetupException(KEYSTORE + " (" + file + ") holds no private key with a certificate; create one "
                + "with keytool -genkeypair or openssl pkcs12 -export.");
    }

    private static ServerIdentity fromPem(String certFile, String keyFile) {
        byte[] certs = TlsFiles.read(CERT, certFile);
        byte[] keyPem = TlsFiles.read(KEY, keyFile);
        List<X509Certificate> chain = TlsFiles.pemCertificates(CERT, certFile, certs);
        String keyText = new String(keyPem, StandardCharsets.US_ASCII);
        if (keyText.contains("ENCRYPTED PRIVATE KEY") || keyText.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new TlsSetupException(KEY + " (" + keyFile + ") is encrypted; give an unencrypted key (openssl pkey -in "
                    + keyFile + " -out key.pem) readable only by the gateway, or a PKCS#12 keystore in " + KEYSTORE + ".");
        }
        if (!keyText.contains("PRIVATE KEY-----")) {
            throw new TlsSetupException(KEY + " (" + keyFile + ") holds no PEM private key (-----BEGIN PRIVATE KEY-----, "
                    + "RSA PRIVATE KEY or EC PRIVATE KEY).");
        }
        PrivateKey key;
        try {
            // Vert.x's own PEM reader (PKCS#8, PKCS#1 RSA and SEC1 EC keys), which holds the parsed key under its
            // fixed internal password
            KeyStore parsed = new PemKeyCertOptions().setKeyValue(Buffer.buffer(keyPem))
                    .setCertValue(Buffer.buffer(certs)).loadKeyStore(null);
            key = (PrivateKey) parsed.getKey(Collections.list(parsed.aliases()).get(0),
                    KeyStoreHelper.DUMMY_PASSWORD.toCharArray());
        } catch (IllegalArgumentException e) {
            // the key store refuses a key whose algorithm is not the certificate's
            throw notAPair(certFile, keyFile);
        } catch (Exception e) {
            throw new TlsSetupException(KEY + " (" + keyFile + ") cannot be read as a private key ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").");
        }
        if (!signsFor(key, chain.get(0))) {
            throw notAPair(certFile, keyFile);
        }
        return new ServerIdentity(key, chain.toArray(X509Certificate[]::new), certFile + " + " + keyFile);
    }

    private static TlsSetupException notAPair(String certFile, String keyFile) {
        return new TlsSetupException(KEY + " (" + keyFile + ") does not belong to the first certificate of " + CERT
                + " (" + certFile + "): they are not a pair (the chain must start with this key's certificate).");
    }

    /** True when a signature made with {@code key} verifies with the certificate's public key. */
    private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA sign under their own names
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate[] x509(Certificate[] chain) {
        X509Certificate[] out = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            out[i] = (X509Certificate) chain[i];
        }
        return out;
    }

    /** Where the identity came from, for the startup log (file names only). */
    public String source() {
        return source;
    }

    /** The certificate presented to clients. */
    public X509Certificate certificate() {
        return chain[0];
    }

    /** Camel's form of this identity, which platform-http-vertx turns into its server's TLS options. */
    public SSLContextParameters sslContextParameters() {
        String password = internalPassword();
        KeyStoreParameters store = new KeyStoreParameters();
        store.setKeyStore(inMemory(password));
        store.setPassword(password);
        KeyManagersParameters keys = new KeyManagersParameters();
        keys.setKeyStore(store);
        keys.setKeyPassword(password);
        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keys);
        return parameters;
    }

    /** A socket factory that trusts exactly this certificate: for the gateway's probe of its own listener. */
    public SSLSocketFactory selfProbeSockets() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, chain[0]);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the TLS probe of the gateway's own listener", e);
        }
    }

    private KeyStore inMemory(String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException("The server key cannot be held in memory (" + e.getMessage() + ").");
        }
    }

    /** Letters and digits only: Camel resolves {{placeholders}} in key passwords. */
    private static String internalPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random).replace('-', 'a').replace('_', 'b');
    }
}
