package io.camelgateway.http;

/** An upstream stream whose framing is broken (a checksum that does not match, a frame that cannot be read). */
public final class MalformedStreamException extends RuntimeException {

    public MalformedStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
