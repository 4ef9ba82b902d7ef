package io.camelgateway.provider.google;

/** Google credentials that cannot be used; the message names the file and the problem, never the file's contents. */
public final class GoogleCredentialsException extends Exception {

    public GoogleCredentialsException(String message) {
        super(message, null, false, false);
    }
}
