package io.camelgateway.provider.azure;

import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderOptions.AzureOptions;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.RelayedCall;
import io.camelgateway.provider.openai.OpenAiCodec;
import io.camelgateway.provider.openai.OpenAiRelay;
import io.camelgateway.provider.openaichat.OpenAiChatCodec;

/**
 * Azure OpenAI ({@code protocol: azure}): a model names a deployment ({@code azure/<deployment>}, or a model the
 * route's {@code deployments} map points at one). A turn goes to the deployment's chat completions
 * ({@code /openai/deployments/{deployment}/chat/completions?api-version=…}) or to the v1 Responses API
 * ({@code /openai/v1/responses}), as the route's {@code azure-api} decides; either way the OpenAI codecs translate
 * it, with Azure's paths and auth header.
 */
public final class AzureOpenAiCodec implements ProviderCodec {

    public static final String PROTOCOL = "azure";

    private final OpenAiChatCodec chat = new OpenAiChatCodec(PROTOCOL, AzureEndpoint.DEPLOYMENTS);
    private final OpenAiCodec responses = new OpenAiCodec(PROTOCOL, AzureEndpoint.V1);

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public ProviderCall prepare(ClientTurn turn, ProviderTarget target) {
        ProviderTarget deployment = AzureDeployments.target(target);
        if (!onResponsesApi(turn, target.options().azure())) {
            return chat.prepare(turn, deployment);
        }
        if (!turn.speaks(OpenAiRelay.RESPONSES_WIRE)) {
            return responses.prepare(turn, deployment);
        }
        // relayed: only Azure's own reasoning goes up, and what Azure hands out comes back marked as Azure's
        ProviderCall call = responses.prepare(turn.withBody(AzureReasoning.forAzure(turn.body())), deployment);
        return call instanceof RelayedCall relayed ? relayed.rewritingAnswers(AzureReasoning::tagged) : call;
    }

    /** {@code auto} (the default): Codex and other Responses clients on v1 Responses, every other client on chat. */
    static boolean onResponsesApi(ClientTurn turn, AzureOptions options) {
        String api = options.api() == null ? "auto" : options.api();
        return switch (api) {
            case "responses" -> true;
            case "chat" -> false;
            default -> turn.speaks(OpenAiRelay.RESPONSES_WIRE);
        };
    }
}
