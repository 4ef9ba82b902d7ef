package io.camelgateway.provider;

import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.http.SseEvent;

/**
 * Rebuilds an upstream answer in canonical form beside the relay, for the response cache. Fed the same upstream
 * events the relay reads (one thread at a time) or the whole body; answers the complete response, or null when the
 * answer did not complete (cut, failed, incomplete) and must not be replayed.
 */
public interface AnswerCapture {

    void onEvent(SseEvent event);

    /** The upstream stream ended: the completed answer, or null. */
    TurnResponse end();

    /** A whole (non-streamed) upstream body: the completed answer, or null. */
    TurnResponse whole(byte[] upstreamBody);
}
