package io.camelgateway.provider.anthropic;

import io.camelgateway.usage.UsageTaps;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TranslatingCodec;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import java.util.function.Function;

/** The Anthropic Messages API ({@code POST /v1/messages}). */
public final class AnthropicCodec implements TranslatingCodec {

    public static final String PROTOCOL = AnthropicMessageMapper.PROTOCOL;

    private final AnthropicRequestMapper requests;
    private final AnthropicResponseMapper responses = new AnthropicResponseMapper();
    private final AnthropicErrorMapper errors = new AnthropicErrorMapper();

    public AnthropicCodec() {
        this(PromptCachePolicy.OFF);
    }

    /** With {@code promptCache}, translated turns get automatic {@code cache_control} breakpoints. */
    public AnthropicCodec(PromptCachePolicy promptCache) {
        this.requests = new AnthropicRequestMapper(promptCache);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public ToolNameRules toolNameRules() {
        return ToolNameRules.ANTHROPIC;
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
        return new AnthropicStreamTranslator(assembler, context.target().provider());
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context) {
        return errors.map(context.target().provider(), status, headers, body);
    }

    /** Claude Code's own requests go to Anthropic as they are. */
    @Override
    public String streamWire() {
        return UsageTaps.MESSAGES;
    }

    @Override
    public ProviderCall relayUnchanged(ClientTurn turn, ProviderTarget target) {
        return AnthropicRelay.forClient(turn, target, errors);
    }
}
