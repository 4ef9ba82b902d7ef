package io.camelgateway.provider;

import io.camelgateway.canonical.TurnError;

/**
 * Thrown by {@link ProviderCall#clientBody} when a whole (non-streamed) upstream answer is a failure rather than an
 * answer though its HTTP status was 200 (a provider reporting a blocked prompt or a malformed tool call in the
 * body): the attempt fails with {@link #error()} and its status, as if the provider had answered that status.
 */
public final class UpstreamAnswerRefused extends RuntimeException {

    private final transient TurnError error;

    public UpstreamAnswerRefused(TurnError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public TurnError error() {
        return error;
    }
}
