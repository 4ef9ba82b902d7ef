package io.camelgateway.provider.openai;

import io.camelgateway.usage.UsageTaps;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.provider.openaichat.OpenAiChatCodec;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TranslatingCodec;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamEndpoint;
import io.camelgateway.provider.UpstreamRequest;
import java.util.function.Function;

/**
 * OpenAI's own API ({@code protocol: openai}). A client speaking Responses or Chat Completions is relayed
 * unchanged (only the model rewritten); any other client is translated to the Responses API.
 */
public final class OpenAiCodec implements TranslatingCodec {

    public static final String PROTOCOL = "openai";

    private final OpenAiResponsesRequestMapper requests = new OpenAiResponsesRequestMapper();
    private final OpenAiResponsesResponseMapper responses = new OpenAiResponsesResponseMapper();
    private final String protocol;
    private final UpstreamEndpoint endpoint;

    public OpenAiCodec() {
        this(PROTOCOL, UpstreamEndpoint.OPENAI);
    }

    /** OpenAI's API on a host with its own paths and auth header (Azure OpenAI's v1 API). */
    public OpenAiCodec(String protocol, UpstreamEndpoint endpoint) {
        this.protocol = protocol;
        this.endpoint = endpoint;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public ToolNameRules toolNameRules() {
        return ToolNameRules.OPENAI;
    }

    @Override
    public UpstreamRequest encodeRequest(TurnContext context) {
        return requests.map(context, endpoint);
    }

    @Override
    public TurnResponse decodeResponse(byte[] body, TurnContext context) {
        return responses.map(body, context);
    }

    private static final TranslatingCodec CHAT_READER = new OpenAiChatCodec();

    @Override
    public ProviderStreamTranslator newStreamTranslator(TurnContext context, TurnStreamAssembler assembler) {
        return new OpenAiResponsesStreamTranslator(context, assembler);
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context) {
        return OpenAiErrorBodies.map(context.target().provider(), status, headers, body);
    }

    @Override
    public String streamWire() {
        return UsageTaps.RESPONSES;
    }

    /** A chat client relayed to an OpenAI host gets Chat Completions answers: read by the chat codec. */
    @Override
    public TranslatingCodec answerReader(String wire) {
        return UsageTaps.CHAT.equals(wire) ? CHAT_READER : TranslatingCodec.super.answerReader(wire);
    }

    @Override
    public ProviderCall relayUnchanged(ClientTurn turn, ProviderTarget target) {
        return OpenAiRelay.forClient(turn, target, endpoint);
    }
}
