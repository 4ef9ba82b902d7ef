package io.camelgateway.conformance;

/**
 * A failure the fake upstream answers with instead of a turn, in the provider's own error shape.
 *
 * @param kind              what went wrong
 * @param retryAfterSeconds the retry delay the provider states (header or body, as that provider does), or 0
 */
public record UpstreamFault(Kind kind, int retryAfterSeconds) {

    public enum Kind {
        /** The provider's rate-limit answer (429, ThrottlingException, RESOURCE_EXHAUSTED...). */
        RATE_LIMITED,
        /** A 500-class server error. */
        SERVER_ERROR,
        /** The provider's "overloaded" answer (Anthropic 529, Bedrock ModelNotReady/ServiceUnavailable, 503...). */
        OVERLOADED,
        /** The request is rejected as invalid (400-class, the provider's own code). */
        INVALID_REQUEST,
        /**
         * The stream starts normally (the scripted parts' first half is sent) and the connection is then closed
         * without the provider's end-of-stream event. Non-streaming requests get the body cut in half.
         */
        CUT_MIDWAY
    }

    public static UpstreamFault of(Kind kind) {
        return new UpstreamFault(kind, 0);
    }
}
