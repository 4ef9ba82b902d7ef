package io.camelgateway.provider;

import io.camelgateway.usage.MeteredUsage;
import io.camelgateway.usage.StreamFacts;
import io.camelgateway.usage.UsageTap;
import io.camelgateway.usage.UsageTaps;
import io.camelgateway.api.ClientStream;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseEvent;
import io.camelgateway.http.StreamFraming;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/** A call through the canonical model: the client's turn decoded, mapped for the provider, and its answer back. */
final class TranslatedCall implements ProviderCall {

    private final TranslatingCodec codec;
    private final ClientTurn turn;
    private final TurnContext context;
    private final UpstreamRequest request;

    private TranslatedCall(TranslatingCodec codec, ClientTurn turn, TurnContext context) {
        this.codec = codec;
        this.turn = turn;
        this.context = context;
        this.request = codec.encodeRequest(context);
    }

    static TranslatedCall prepare(TranslatingCodec codec, ClientTurn turn, ProviderTarget target) {
        TurnRequest request = turn.canonical().withModel(target.upstreamModel());
        return new TranslatedCall(codec, turn,
                new TurnContext(request, target, ToolNameMap.forRequest(request, codec.toolNameRules())));
    }

    @Override
    public UpstreamRequest request() {
        return request;
    }

    @Override
    public List<String> droppedTools() {
        return context.droppedTools();
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body) {
        return codec.mapError(status, headers, body, context);
    }

    @Override
    public byte[] clientBody(byte[] upstreamBody) {
        return turn.api().encodeResponse(codec.decodeResponse(upstreamBody, context), context.target().upstreamModel());
    }

    @Override
    public StreamFraming upstreamFraming() {
        return codec.streamFraming();
    }

    @Override
    public UsageTap wholeAnswer(byte[] upstreamBody) {
        UsageTap tap = UsageTaps.forWire(codec.streamWire(), UsageTap.estimateFromRequest(request.body()), false);
        if (tap != null) {
            tap.wholeBody(upstreamBody);
        }
        return tap;
    }

    @Override
    public AnswerCapture answerCapture() {
        return new CanonicalCapture(codec, context);
    }

    @Override
    public CallStream openStream(ClientStream client, boolean continuing, Consumer<List<byte[]>> out) {
        // a continued stream keeps the committed ids; its final response names the model that answered
        TurnStreamAssembler assembler = new TurnStreamAssembler(event -> out.accept(client.encode(event)),
                context.tools(), client.responseId(), context.target().upstreamModel(), client.createdAt());
        if (continuing && client.commitAnnouncedStart()) {
            assembler.continueAfterCreated();
        }
        ProviderStreamTranslator translator = codec.newStreamTranslator(context, assembler);
        assembler.start();
        UsageTap usage = UsageTaps.forWire(codec.streamWire(), UsageTap.estimateFromRequest(request.body()), false);
        return new Translated(assembler, translator, context.target().provider(), usage);
    }

    private record Translated(TurnStreamAssembler assembler, ProviderStreamTranslator translator, String provider,
                              UsageTap tap) implements CallStream {

        @Override
        public void onEvent(SseEvent event) {
            if (tap != null) {
                tap.onEvent(event.event(), event.data());
            }
            translator.onEvent(event);
        }

        @Override
        public StreamFacts facts() {
            return tap == null ? null : tap.facts();
        }

        /** The translator's usage when the stream finished; a cut stream's usage is what the tap saw and estimated. */
        @Override
        public MeteredUsage usage() {
            MeteredUsage seen = tap == null ? null : tap.result();
            if (seen != null && !seen.estimated()) {
                return seen;
            }
            if (seen == null) {
                return new MeteredUsage(assembler.usage(), !assembler.isTerminated());
            }
            return seen;
        }

        @Override
        public TurnError end() {
            translator.onEnd();
            if (assembler.isTerminated()) {
                return null;
            }
            TurnError cut = UpstreamErrors.streamInterrupted(provider);
            assembler.fail(cut);
            return cut;
        }

        @Override
        public void fail(TurnError error) {
            if (!assembler.isTerminated()) {
                assembler.fail(error);
            }
        }

        @Override
        public void keepAlive() {
            assembler.keepAlive();
        }
    }
}
