package io.camelgateway.keys;

/** The key store could not be read or written (the database is unreachable or refused the statement). */
public final class KeyStoreException extends RuntimeException {

    public KeyStoreException(Throwable cause) {
        super("the key store failed: " + cause.getMessage(), cause);
    }
}
