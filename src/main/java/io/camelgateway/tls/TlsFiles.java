package io.camelgateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reading key and certificate files, with failures told as one line naming the setting and the file. */
final class TlsFiles {

    private TlsFiles() {
    }

    static byte[] read(String setting, String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new TlsSetupException(setting + " names " + file + ", which does not exist.");
        } catch (AccessDeniedException e) {
            throw new TlsSetupException(setting + " names " + file + ", which this process may not read.");
        } catch (IOException | RuntimeException e) {
            throw new TlsSetupException(setting + " names " + file + ", which cannot be read (" + e.getMessage() + ").");
        }
    }

    static boolean isPem(byte[] content) {
        return new String(content, StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    /** A PKCS#12 file opened with {@code password}; a wrong password and a file of another kind are told apart. */
    static KeyStore pkcs12(String setting, String file, byte[] content, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(content), password == null ? new char[0] : password.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new TlsSetupException(setting + " (" + file + "): the password is wrong or missing; set it with "
                        + "the environment variable " + passwordVariable(setting) + ".");
            }
            throw new TlsSetupException(setting + " (" + file + ") is not a PKCS#12 keystore or PEM file ("
                    + e.getMessage() + ").");
        } catch (java.security.GeneralSecurityException e) {
            throw new TlsSetupException(setting + " (" + file + ") cannot be opened as PKCS#12 (" + e.getMessage() + ").");
        }
    }

    /** Every certificate of a PEM file, in file order. */
    static List<X509Certificate> pemCertificates(String setting, String file, byte[] content) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content))) {
                out.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw new TlsSetupException(setting + " (" + file + ") holds no readable PEM certificate ("
                    + e.getMessage() + ").");
        }
        if (out.isEmpty()) {
            throw new TlsSetupException(setting + " (" + file + ") holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return out;
    }

    static String passwordVariable(String setting) {
        return (setting + "-password").toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
