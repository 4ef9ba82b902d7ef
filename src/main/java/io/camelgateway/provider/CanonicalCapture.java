package io.camelgateway.provider;

import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseEvent;

/** Captures an answer through the codec's own response mapper and stream translator, into an assembler of its own. */
final class CanonicalCapture implements AnswerCapture {

    private final TranslatingCodec codec;
    private final TurnContext context;
    private TurnStreamAssembler assembler;
    private ProviderStreamTranslator translator;
    private TurnResponse finished;

    CanonicalCapture(TranslatingCodec codec, TurnContext context) {
        this.codec = codec;
        this.context = context;
    }

    /** For a call that relays the client's bytes: the canonical turn is decoded for the capture alone. */
    static CanonicalCapture of(TranslatingCodec codec, ClientTurn turn, ProviderTarget target) {
        TurnRequest request = turn.canonical().withModel(target.upstreamModel());
        return new CanonicalCapture(codec,
                new TurnContext(request, target, ToolNameMap.forRequest(request, codec.toolNameRules())));
    }

    @Override
    public void onEvent(SseEvent event) {
        if (translator == null) {
            assembler = new TurnStreamAssembler(this::onCanonical, context.tools(), context.target().upstreamModel());
            translator = codec.newStreamTranslator(context, assembler);
        }
        translator.onEvent(event);
    }

    private void onCanonical(StreamEvent event) {
        if (event instanceof StreamEvent.Finished done) {
            finished = done.response();
        }
    }

    @Override
    public TurnResponse end() {
        if (translator != null) {
            translator.onEnd();
        }
        return completed(finished);
    }

    @Override
    public TurnResponse whole(byte[] upstreamBody) {
        return completed(codec.decodeResponse(upstreamBody, context));
    }

    private static TurnResponse completed(TurnResponse response) {
        return response != null && response.error() == null && response.stopReason() == StopReason.COMPLETED
                && !response.output().isEmpty() ? response : null;
    }
}
