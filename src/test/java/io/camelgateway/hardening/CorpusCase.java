package io.camelgateway.hardening;

/**
 * One request of the bad-input corpus and what a correct gateway does with it.
 *
 * @param name    the test's display name
 * @param request the exact bytes to send
 * @param expect  the acceptable answers
 */
record CorpusCase(String name, RawRequest request, Expect expect) {

    /** How an answer is judged. */
    enum Kind {
        /** A 4xx (exactly {@code status} when it is not 0) and the provider never called. */
        REJECTED,
        /** A legitimate edge case: 2xx, or a 4xx; never a 5xx. */
        HANDLED,
        /** Must be served: 2xx. */
        SERVED,
        /** An unfinished body: 408, or the connection closed, within the deadline. */
        BODY_TIMEOUT
    }

    /**
     * @param status when not 0, the only acceptable status (REJECTED)
     * @param field  when not null, the error's {@code param} or {@code message} must name it
     * @param allow  when not null, a 405 must carry an {@code Allow} header listing this method
     */
    record Expect(Kind kind, int status, String field, String allow) {

        static Expect rejected() {
            return new Expect(Kind.REJECTED, 0, null, null);
        }

        static Expect rejected(int status) {
            return new Expect(Kind.REJECTED, status, null, null);
        }

        static Expect badField(String field) {
            return new Expect(Kind.REJECTED, 400, field, null);
        }

        static Expect methodNotAllowed(String allow) {
            return new Expect(Kind.REJECTED, 405, null, allow);
        }

        static Expect handled() {
            return new Expect(Kind.HANDLED, 0, null, null);
        }

        /** 2xx, or a 405 that lists {@code allow} (HEAD and OPTIONS on an endpoint may be either). */
        static Expect handledOr405(String allow) {
            return new Expect(Kind.HANDLED, 0, null, allow);
        }

        static Expect served() {
            return new Expect(Kind.SERVED, 0, null, null);
        }

        static Expect bodyTimeout() {
            return new Expect(Kind.BODY_TIMEOUT, 0, null, null);
        }
    }

    static CorpusCase of(String name, RawRequest request, Expect expect) {
        return new CorpusCase(name, request, expect);
    }
}
