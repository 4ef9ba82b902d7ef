package io.camelgateway.provider;

import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.StreamFraming;
import java.util.function.Function;

/**
 * A provider codec that goes through the canonical model: request mapper, response mapper, stream translator and
 * error mapper. A client that already speaks the provider's wire format may be relayed unchanged instead
 * ({@link #relayUnchanged}); every other client is translated.
 */
public interface TranslatingCodec extends ProviderCodec {

    ToolNameRules toolNameRules();

    /** Builds the upstream request (path, headers with auth, body) for the turn. */
    UpstreamRequest encodeRequest(TurnContext context);

    /** Maps a complete (non-streamed) upstream body to the canonical response. */
    TurnResponse decodeResponse(byte[] body, TurnContext context);

    ProviderStreamTranslator newStreamTranslator(TurnContext context, TurnStreamAssembler assembler);

    /**
     * Maps an upstream error status and body to the client-facing error. {@code headers} looks up a response
     * header by lower-case name (null when absent).
     */
    TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context);

    /** The wire format of this provider's streams, read for usage when a stream is cut; null for none. */
    default String streamWire() {
        return null;
    }

    /** How this provider frames its stream bodies. */
    default StreamFraming streamFraming() {
        return StreamFraming.SSE;
    }

    /**
     * The codec whose response mapper and stream translator read answers in {@code wire}, for the response cache's
     * capture of a relayed answer; this one for its own stream wire, null when none can.
     */
    default TranslatingCodec answerReader(String wire) {
        return wire != null && wire.equals(streamWire()) ? this : null;
    }

    /** The call relaying the client's own bytes when the client speaks this provider's wire format; else null. */
    default ProviderCall relayUnchanged(ClientTurn turn, ProviderTarget target) {
        return null;
    }

    @Override
    default ProviderCall prepare(ClientTurn turn, ProviderTarget target) {
        ProviderCall relayed = relayUnchanged(turn, target);
        if (relayed instanceof RelayedCall call) {
            TranslatingCodec reader = turn.speaks(call.wire()) ? answerReader(call.wire()) : null;
            return reader == null ? call : call.capturingWith(() -> CanonicalCapture.of(reader, turn, target));
        }
        return relayed != null ? relayed : TranslatedCall.prepare(this, turn, target);
    }
}
