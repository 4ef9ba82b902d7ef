package io.camelgateway.tls;

/** A TLS setting that cannot be used; the message is the one line an operator needs (never a password). */
public final class TlsSetupException extends RuntimeException {

    public TlsSetupException(String message) {
        super(message);
    }
}
