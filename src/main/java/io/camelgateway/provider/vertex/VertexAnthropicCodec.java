package io.camelgateway.provider.vertex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.RelayedCall;
import io.camelgateway.provider.TranslatingCodec;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.provider.anthropic.AnthropicCodec;
import io.camelgateway.provider.anthropic.AnthropicErrorMapper;
import io.camelgateway.provider.anthropic.AnthropicRelay;
import io.camelgateway.provider.anthropic.AnthropicRequestMapper;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Claude on Vertex AI: the Anthropic Messages body with its model moved into the URL
 * ({@code …/publishers/anthropic/models/{model}:rawPredict}, {@code :streamRawPredict}) and
 * {@code anthropic_version: vertex-2023-10-16} in the body; answers, streams and errors are Anthropic's, read by the
 * anthropic codec. Messages clients (Claude Code) are relayed with the same two changes.
 */
public final class VertexAnthropicCodec implements TranslatingCodec {

    public static final String PROTOCOL = "vertex-anthropic";
    public static final String VERTEX_VERSION = "vertex-2023-10-16";
    static final String PUBLISHER = "anthropic";

    private final AnthropicCodec anthropic = new AnthropicCodec();
    private final AnthropicRequestMapper requests;
    private final AnthropicErrorMapper errors = new AnthropicErrorMapper();
    private final VertexAuth auth;

    public VertexAnthropicCodec(VertexAuth auth) {
        this(auth, PromptCachePolicy.OFF);
    }

    /** With {@code promptCache}, translated turns get automatic {@code cache_control} breakpoints. */
    public VertexAnthropicCodec(VertexAuth auth, PromptCachePolicy promptCache) {
        this.auth = auth;
        this.requests = new AnthropicRequestMapper(promptCache);
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
        return anthropic.toolNameRules();
    }

    @Override
    public UpstreamRequest encodeRequest(TurnContext context) {
        ObjectNode body = requests.body(context);
        return vertexRequest(body, context.target(), context.request().stream(),
                context.target().options().anthropicBeta());
    }

    @Override
    public TurnResponse decodeResponse(byte[] body, TurnContext context) {
        return anthropic.decodeResponse(body, context);
    }

    @Override
    public ProviderStreamTranslator newStreamTranslator(TurnContext context, TurnStreamAssembler assembler) {
        return anthropic.newStreamTranslator(context, assembler);
    }

    @Override
    public TurnError mapError(int status, Function<String, String> headers, byte[] body, TurnContext context) {
        return anthropic.mapError(status, headers, body, context);
    }

    @Override
    public String streamWire() {
        return anthropic.streamWire();
    }

    /** A Messages client's body goes up as it is, but for the model (in the URL) and the Vertex version. */
    @Override
    public ProviderCall relayUnchanged(ClientTurn turn, ProviderTarget target) {
        if (!turn.speaks(AnthropicRelay.WIRE)) {
            return null;
        }
        // a copy: a fallback to another provider reads the client's body as the client sent it
        ObjectNode body = turn.body().deepCopy();
        AnthropicRelay.dropForeignThinking(body);
        String beta = AnthropicRelay.allowedBetas(turn.header("anthropic-beta"), target.options().anthropicBetaAllow());
        UpstreamRequest request = vertexRequest(body, target, turn.stream(),
                beta != null ? beta : target.options().anthropicBeta());
        return new RelayedCall(request, target, (status, headers, answer) ->
                errors.map(target.provider(), status, headers, answer), AnthropicRelay.WIRE, false);
    }

    private UpstreamRequest vertexRequest(ObjectNode body, ProviderTarget target, boolean stream, String beta) {
        body.remove("model");
        body.put("anthropic_version", VERTEX_VERSION);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        if (beta != null) {
            headers.put("anthropic-beta", beta);
        }
        String path = auth.location(target).methodPath(PUBLISHER, target.upstreamModel(),
                stream ? "streamRawPredict" : "rawPredict");
        return new UpstreamRequest(path, headers, Json.bytes(body));
    }
}
