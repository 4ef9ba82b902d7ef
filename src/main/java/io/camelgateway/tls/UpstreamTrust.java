package io.camelgateway.tls;

import io.vertx.core.net.TrustOptions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities provider calls trust: the JDK's own, plus those of {@code gateway.upstream.trust-store}
 * (a PKCS#12 trust store or a PEM bundle), e.g. the CA of a TLS-inspecting corporate proxy. Adding a CA never removes
 * the public ones, so providers outside the inspected path keep working.
 */
public final class UpstreamTrust {

    public static final String TRUST_STORE = "gateway.upstream.trust-store";

    private final List<X509Certificate> added;
    private final String file;

    private UpstreamTrust(List<X509Certificate> added, String file) {
        this.added = List.copyOf(added);
        this.file = file;
    }

    /** The configured CAs, or null when none are set (the JDK's defaults alone apply). */
    public static UpstreamTrust load(String file, String password) {
        if (file == null) {
            return null;
        }
        byte[] content = TlsFiles.read(TRUST_STORE, file);
        List<X509Certificate> certificates = TlsFiles.isPem(content)
                ? TlsFiles.pemCertificates(TRUST_STORE, file, content)
                : pkcs12Certificates(file, TlsFiles.pkcs12(TRUST_STORE, file, content, password));
        return new UpstreamTrust(certificates, file);
    }

    private static List<X509Certificate> pkcs12Certificates(String file, KeyStore store) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (certificate instanceof X509Certificate x509) {
                    out.add(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(TRUST_STORE + " (" + file + ") cannot be read (" + e.getMessage() + ").");
        }
        if (out.isEmpty()) {
            throw new TlsSetupException(TRUST_STORE + " (" + file + ") holds no certificate (a PKCS#12 trust store "
                    + "made by keytool -importcert, or a PEM bundle, is expected).");
        }
        return out;
    }

    /** For the startup log: how many CAs were added, from which file. */
    public String describe() {
        return added.size() + " CA certificate(s) from " + file + " added to the JDK's";
    }

    /** The Vert.x client's trust: the JDK's default CAs and the added ones in one store. */
    public TrustOptions trustOptions() {
        try {
            KeyStore merged = KeyStore.getInstance("PKCS12");
            merged.load(null, null);
            int n = 0;
            for (X509Certificate ca : jdkDefaults()) {
                merged.setCertificateEntry("jdk-" + n++, ca);
            }
            for (X509Certificate ca : added) {
                merged.setCertificateEntry("added-" + n++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(merged);
            return TrustOptions.wrap(factory);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsSetupException(TRUST_STORE + " (" + file + ") cannot be combined with the JDK's CAs ("
                    + e.getMessage() + ").");
        }
    }

    private static List<X509Certificate> jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> out = new ArrayList<>();
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                out.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return out;
    }
}
