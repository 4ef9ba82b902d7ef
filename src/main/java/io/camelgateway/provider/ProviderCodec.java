package io.camelgateway.provider;

import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import java.util.function.Function;

/**
 * One provider wire protocol: request mapper, response mapper, stream translator and error mapper to and from
 * the canonical model. Implementations are pure (no I/O) and stateless; per-stream state lives in the translator.
 */
public interface ProviderCodec {

    /** The protocol name routes refer to ({@code anthropic}, {@code openai-chat}, ...). */
    String protocol();

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

    /**
     * Maps an in-band stream error (an error event after the stream started) to a {@link TurnError};
     * used by translators for {@code response.failed}.
     */
    default TurnError mapStreamError(String type, String message, TurnContext context) {
        return UpstreamErrors.streamError(context.target().provider(), type, message);
    }
}
