package io.camelgateway.provider.vertex;

import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TranslatingCodec;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.provider.gemini.GeminiCodec;
import io.camelgateway.provider.gemini.GeminiEndpoint;
import java.util.Map;
import java.util.function.Function;

/**
 * Gemini on Vertex AI: the Gemini API's body, answers, streams and errors (all the gemini codec's, with its thought
 * signatures tagged {@code vertex-gemini}), sent to {@code …/publishers/google/models/{model}:generateContent} or
 * {@code :streamGenerateContent?alt=sse} with a bearer token instead of {@code x-goog-api-key}.
 */
public final class VertexGeminiCodec implements TranslatingCodec {

    public static final String PROTOCOL = "vertex-gemini";
    static final String PUBLISHER = "google";

    private final TranslatingCodec gemini;
    private final VertexAuth auth;

    public VertexGeminiCodec(VertexAuth auth) {
        this.auth = auth;
        this.gemini = new GeminiCodec(PROTOCOL, new Endpoint());
    }

    /** Vertex's path for the model's method; the bearer token is added to the call ({@link VertexCall}). */
    private final class Endpoint implements GeminiEndpoint {
        @Override
        public String path(TurnContext context, boolean stream) {
            return auth.location(context.target()).methodPath(PUBLISHER, context.target().upstreamModel(),
                    stream ? "streamGenerateContent?alt=sse" : "generateContent");
        }

        @Override
        public void authenticate(TurnContext context, Map<String, String> headers) {
            // the access token goes on the call when it is sent, so that a renewed one replaces it
        }
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public ProviderCall prepare(ClientTurn turn, ProviderTarget target) {
        VertexLocation location = auth.location(target);
        String token = auth.token(target);
        return new VertexCall(TranslatingCodec.super.prepare(turn, target), auth, location, token);
    }

    @Override
    public ToolNameRules toolNameRules() {
        return gemini.toolNameRules();
    }

    @Override
    public UpstreamRequest encodeRequest(TurnContext context) {
        return gemini.encodeRequest(context);
    }

    @Override
    public TurnResponse decodeResponse(byte[] body, TurnContext context) {
        return gemini.decodeResponse(body, context);
    }

    @Override
    public ProviderStreamTranslator newStreamTranslator(TurnContext context, TurnStreamAssembler assembler) {
        return gemini.newStreamTranslator(context, assembler);
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context) {
        return gemini.mapError(status, headers, body, context);
    }

    @Override
    public String streamWire() {
        return gemini.streamWire();
    }
}
