package io.camelgateway.provider.bedrock;

import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.StreamFraming;
import io.camelgateway.provider.ProviderOptions;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.TranslatingCodec;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import io.camelgateway.usage.UsageTaps;
import java.util.function.Function;

/**
 * Amazon Bedrock's Converse API ({@code POST /model/{modelId}/converse} and {@code /converse-stream}), signed with
 * SigV4 using credentials from the AWS standard chain; streams come as binary eventstream frames.
 */
public final class BedrockCodec implements TranslatingCodec {

    public static final String PROTOCOL = BedrockMessageMapper.PROTOCOL;

    private final BedrockCredentials credentials;
    private final BedrockRequestMapper requests;
    private final BedrockResponseMapper responses = new BedrockResponseMapper();
    private final BedrockErrorMapper errors = new BedrockErrorMapper();

    public BedrockCodec() {
        this(BedrockCredentials.standardChain());
    }

    /** With {@code promptCache}, turns for Claude and Nova get automatic {@code cachePoint} blocks. */
    public BedrockCodec(PromptCachePolicy promptCache) {
        this(BedrockCredentials.standardChain(), promptCache);
    }

    public BedrockCodec(BedrockCredentials credentials) {
        this(credentials, PromptCachePolicy.OFF);
    }

    public BedrockCodec(BedrockCredentials credentials, PromptCachePolicy promptCache) {
        this.credentials = credentials;
        this.requests = new BedrockRequestMapper(credentials, promptCache);
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public ToolNameRules toolNameRules() {
        return BedrockToolMapper.NAME_RULES;
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
        return new BedrockStreamTranslator(assembler, context.target().provider());
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context) {
        return errors.map(context.target().provider(), status, headers, body);
    }

    @Override
    public String streamWire() {
        return UsageTaps.CONVERSE;
    }

    @Override
    public StreamFraming streamFraming() {
        return StreamFraming.AWS_EVENTSTREAM;
    }

    @Override
    public String credentialsSummary(ProviderOptions options) {
        String region = options.awsRegion();
        return credentials.describe() + ", " + (region == null ? "region NOT set (AWS_REGION)" : "region " + region);
    }
}
