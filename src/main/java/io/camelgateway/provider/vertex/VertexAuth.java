package io.camelgateway.provider.vertex;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.UpstreamErrors;
import io.camelgateway.provider.google.GoogleAccessTokens;
import java.time.Duration;

/**
 * The gateway's Google identity for Vertex AI and what a turn needs from it: the project and region of the turn's
 * route and a valid access token. A turn that cannot have them is refused before any upstream call: 400
 * {@code provider_key_missing} (no usable credentials, project or region; like a provider whose key is not set, so a
 * fallback may take the turn), 400 {@code provider_auth_failed} when Google refuses the credentials, 502 when Google's
 * token endpoint cannot be reached.
 */
public final class VertexAuth {

    /** Longest wait of a worker thread for a token being fetched (only when none is ready). */
    static final Duration TOKEN_WAIT = Duration.ofSeconds(15);

    private final GoogleAccessTokens tokens;
    private final String notConfigured;

    private VertexAuth(GoogleAccessTokens tokens, String notConfigured) {
        this.tokens = tokens;
        this.notConfigured = notConfigured;
    }

    /** Vertex AI with these credentials (loading, or already known to be unusable). */
    public static VertexAuth of(GoogleAccessTokens tokens) {
        return new VertexAuth(tokens, null);
    }

    /** Vertex AI not set up on this gateway; {@code why} tells the operator what to set. */
    public static VertexAuth notConfigured(String why) {
        return new VertexAuth(null, why);
    }

    GoogleAccessTokens tokens() {
        return tokens;
    }

    /**
     * The turn's project and region: the route's, the project defaulting to the credentials' own. Checks the model
     * id too, as it becomes part of the URL.
     */
    VertexLocation location(ProviderTarget target) {
        if (tokens == null) {
            throw missing(target, notConfigured);
        }
        String project = target.options().vertexProject();
        if (project == null) {
            project = tokens.projectId();
        }
        if (project == null) {
            throw missing(target, "no Google Cloud project is configured (GOOGLE_CLOUD_PROJECT, gateway.vertex.project)");
        }
        String region = target.options().vertexRegion();
        if (region == null) {
            throw missing(target, "no Vertex AI region is configured (CLOUD_ML_REGION, gateway.vertex.region)");
        }
        if (!region.matches("[a-z0-9-]+") || !project.matches("[A-Za-z0-9.:-]+")) {
            throw missing(target, "the configured Vertex AI project or region is not a valid name");
        }
        if (!VertexLocation.isModelId(target.upstreamModel())) {
            throw new GatewayException(TurnError.notFound("model_not_found", "Provider '" + target.provider()
                    + "' has no model '" + target.upstreamModel() + "'"));
        }
        return new VertexLocation(project, region);
    }

    /** A valid access token for the turn; waits (worker thread) only when none is ready. */
    String token(ProviderTarget target) {
        if (tokens == null) {
            throw missing(target, notConfigured);
        }
        try {
            return tokens.token(TOKEN_WAIT);
        } catch (GoogleAccessTokens.Unavailable e) {
            throw new GatewayException(switch (e.failure()) {
                case UNUSABLE -> missingError(target, e.getMessage());
                case REJECTED -> new TurnError(400, "gateway_configuration_error", "provider_auth_failed",
                        "Provider '" + target.provider() + "': " + e.getMessage() + ". This is not your key: "
                                + "contact the gateway's operator.", null, null);
                case UNREACHABLE -> UpstreamErrors.unreachable(target.provider(), e.getMessage());
            });
        }
    }

    private static GatewayException missing(ProviderTarget target, String why) {
        return new GatewayException(missingError(target, why));
    }

    private static TurnError missingError(ProviderTarget target, String why) {
        return new TurnError(400, "gateway_configuration_error", "provider_key_missing",
                "The gateway cannot reach provider '" + target.provider() + "': " + why + "; ask its operator.",
                null, null);
    }
}
