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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Gemini on Vertex AI: the Gemini API's body, answers, streams and errors (all the gemini codec's), sent to
 * {@code …/publishers/google/models/{model}:generateContent} or {@code :streamGenerateContent?alt=sse} with a bearer
 * token instead of {@code x-goog-api-key}. The method is the one the gemini codec chose, so this class knows nothing
 * of Gemini's wire format.
 */
public final class VertexGeminiCodec implements TranslatingCodec {

    public static final String PROTOCOL = "vertex-gemini";
    static final String PUBLISHER = "google";

    private final TranslatingCodec gemini;
    private final VertexAuth auth;

    /** {@code gemini}: the Gemini API codec (protocol {@code gemini}). */
    public VertexGeminiCodec(TranslatingCodec gemini, VertexAuth auth) {
        this.gemini = gemini;
        this.auth = auth;
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
        UpstreamRequest request = gemini.encodeRequest(context);
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("x-goog-api-key") && !lower.equals("authorization")) {
                headers.put(name, value);
            }
        });
        String path = auth.location(context.target()).methodPath(PUBLISHER, context.target().upstreamModel(),
                method(request.path()));
        return new UpstreamRequest(path, headers, request.body());
    }

    /** {@code generateContent} or {@code streamGenerateContent?alt=sse}: what follows the model in the Gemini path. */
    static String method(String geminiPath) {
        int colon = geminiPath.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalStateException("the gemini codec's path names no method");
        }
        return geminiPath.substring(colon + 1);
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
