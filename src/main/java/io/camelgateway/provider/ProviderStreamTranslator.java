package io.camelgateway.provider;

import io.camelgateway.http.SseEvent;

/**
 * Per-stream state machine that turns one provider's SSE events into calls on a
 * {@link io.camelgateway.canonical.TurnStreamAssembler}. One instance per stream; events arrive in order on one
 * thread at a time.
 */
public interface ProviderStreamTranslator {

    void onEvent(SseEvent event);

    /**
     * The upstream body ended. If the provider's own end-of-stream event was seen the translator has already
     * finished the assembler; otherwise it must fail it (a cut stream ends in {@code response.failed}).
     */
    void onEnd();
}
