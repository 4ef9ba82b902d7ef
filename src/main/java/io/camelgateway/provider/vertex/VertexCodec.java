package io.camelgateway.provider.vertex;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderTarget;
import java.util.Locale;

/**
 * The {@code vertex} protocol: one Vertex AI route for both publishers. {@code claude-*} models go to Anthropic on
 * Vertex ({@link VertexAnthropicCodec}), {@code gemini-*} models to Gemini on Vertex ({@link VertexGeminiCodec}).
 */
public final class VertexCodec implements ProviderCodec {

    public static final String PROTOCOL = "vertex";

    private final ProviderCodec anthropic;
    private final ProviderCodec gemini;

    /** {@code gemini} may be null: gemini-* models are then refused with a clear error. */
    public VertexCodec(ProviderCodec anthropic, ProviderCodec gemini) {
        this.anthropic = anthropic;
        this.gemini = gemini;
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public ProviderCall prepare(ClientTurn turn, ProviderTarget target) {
        String model = target.upstreamModel() == null ? "" : target.upstreamModel().toLowerCase(Locale.ROOT);
        if (model.startsWith("claude")) {
            return anthropic.prepare(turn, target);
        }
        if (model.startsWith("gemini") && gemini != null) {
            return gemini.prepare(turn, target);
        }
        throw new GatewayException(TurnError.notFound("model_not_found", "Provider '" + target.provider()
                + "' serves claude-* models (Anthropic on Vertex AI)" + (gemini != null ? " and gemini-* models" : "")
                + ", not '" + target.upstreamModel() + "'"));
    }
}
