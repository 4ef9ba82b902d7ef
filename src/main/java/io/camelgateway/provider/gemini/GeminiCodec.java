package io.camelgateway.provider.gemini;

import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.provider.ModelLister;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.TranslatingCodec;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.usage.UsageTaps;
import java.util.function.Function;

/**
 * Gemini's {@code generateContent} API. The no-argument codec is Google AI Studio ({@code gemini}); another host of
 * the same API (Vertex AI) reuses every mapper with its own {@link GeminiEndpoint} and protocol name.
 */
public final class GeminiCodec implements TranslatingCodec {

    public static final String PROTOCOL = "gemini";
    /** Gemini function names: letters, digits, underscores and dashes (dots and colons too), at most 64. */
    public static final ToolNameRules TOOL_NAME_RULES = new ToolNameRules(64);

    private final String protocol;
    private final GeminiRequestMapper requests;
    private final GeminiResponseMapper responses;
    private final GeminiErrorMapper errors = new GeminiErrorMapper();
    private final String envelopeProtocol;
    private final ModelLister modelLister;

    public GeminiCodec() {
        this(PROTOCOL, GeminiEndpoint.AI_STUDIO);
    }

    /**
     * A codec for the protocol named {@code protocol}, sending to {@code endpoint}. Thought signatures are tagged
     * with the protocol name, so a thread that moves between hosts drops the other host's signatures.
     */
    public GeminiCodec(String protocol, GeminiEndpoint endpoint) {
        this.protocol = protocol;
        this.envelopeProtocol = protocol;
        this.requests = new GeminiRequestMapper(endpoint, envelopeProtocol);
        this.responses = new GeminiResponseMapper(envelopeProtocol);
        this.modelLister = endpoint == GeminiEndpoint.AI_STUDIO ? new GeminiModelLister() : null;
    }

    /** AI Studio's own model list; Vertex AI lists its models elsewhere, so it has none here. */
    @Override
    public ModelLister modelLister() {
        return modelLister;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public ToolNameRules toolNameRules() {
        return TOOL_NAME_RULES;
    }

    @Override
    public UpstreamRequest encodeRequest(TurnContext context) {
        return requests.map(context);
    }

    @Override
    public TurnResponse decodeResponse(byte[] body, TurnContext context) {
        return responses.map(body, context);
    }

    @Override
    public ProviderStreamTranslator newStreamTranslator(TurnContext context, TurnStreamAssembler assembler) {
        return new GeminiStreamTranslator(assembler, context.target().provider(), envelopeProtocol);
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context) {
        return errors.map(context.target().provider(), status, headers, body);
    }

    @Override
    public String streamWire() {
        return UsageTaps.GEMINI;
    }
}
