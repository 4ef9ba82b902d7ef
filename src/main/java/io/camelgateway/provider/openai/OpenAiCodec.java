package io.camelgateway.provider.openai;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderTarget;

/**
 * OpenAI's own API ({@code protocol: openai}). A client speaking Responses or Chat Completions is relayed
 * unchanged (only the model rewritten); any other client is translated to the Responses API.
 */
public final class OpenAiCodec implements ProviderCodec {

    public static final String PROTOCOL = "openai";

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public ProviderCall prepare(ClientTurn turn, ProviderTarget target) {
        ProviderCall relayed = OpenAiRelay.forClient(turn, target);
        if (relayed != null) {
            return relayed;
        }
        throw new GatewayException(new TurnError(400, "invalid_request_error", "unsupported_client_api",
                "Provider '" + target.provider() + "' cannot serve the " + turn.api().name() + " API yet.", null, null));
    }
}
