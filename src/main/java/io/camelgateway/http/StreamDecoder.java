package io.camelgateway.http;

/**
 * Turns an upstream stream body, fed in arbitrary chunks as they arrive, into {@link SseEvent}s. One instance per
 * stream, fed from one thread at a time.
 */
public interface StreamDecoder {

    /** @throws MalformedStreamException when the bytes cannot be the stream's framing */
    void feed(byte[] bytes);

    /** The body ended: dispatches what a complete last frame still holds; an incomplete one is dropped. */
    void end();
}
