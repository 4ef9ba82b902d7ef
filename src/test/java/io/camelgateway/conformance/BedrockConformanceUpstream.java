package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeBedrockServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The matrix's Bedrock column: {@link FakeBedrockServer} (SigV4 verified, Converse validated, ConverseStream as
 * binary eventstream frames) reached through the shipped {@code provider-bedrock} route. Bedrock reports no
 * reasoning token count, so a scripted turn's reasoning tokens are not rendered; a scripted {@code ns/tool} call
 * is rendered under the flattened name the request declared ({@link WireNames}).
 */
final class BedrockConformanceUpstream implements ConformanceUpstream {

    static final String MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

    private final FakeBedrockServer server = FakeBedrockServer.start();

    private BedrockConformanceUpstream() {
        server.deltaPieces(ScriptedText::pieces);
    }

    static BedrockConformanceUpstream start() {
        return new BedrockConformanceUpstream();
    }

    @Override
    public String name() {
        return "bedrock";
    }

    @Override
    public String model() {
        return "bedrock/" + MODEL_ID;
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of();
    }

    @Override
    public Map<String, String> gatewayProperties() {
        return Map.of("gateway.bedrock.base-url", server.origin(), "gateway.bedrock.region", FakeBedrockServer.REGION);
    }

    @Override
    public Map<String, String> gatewayEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(server.environment());
        env.remove("BEDROCK_BASE_URL");
        return env;
    }

    @Override
    public void enqueue(ScriptedTurn turn) {
        server.enqueue(new FakeBedrockServer.Deferred(request -> new FakeBedrockServer.Ok(answer(turn, request))));
    }

    @Override
    public void enqueue(UpstreamFault fault) {
        server.enqueue(switch (fault.kind()) {
            case RATE_LIMITED -> FakeBedrockServer.failure(429, "ThrottlingException",
                    "Too many requests, please wait before trying again.");
            case SERVER_ERROR -> FakeBedrockServer.failure(500, "InternalServerException",
                    "The server encountered an internal error while processing the request.");
            case OVERLOADED -> FakeBedrockServer.failure(503, "ServiceUnavailableException",
                    "Bedrock is unable to process your request.");
            case INVALID_REQUEST -> FakeBedrockServer.failure(400, "ValidationException",
                    "The provided request is not valid");
            case CUT_MIDWAY -> new FakeBedrockServer.Cut(FakeBedrockServer.answer().text("This answer is cut ")
                    .text("before it ends.").toolUse("tooluse_cut", "never_run", "{}").end());
        });
    }

    @Override
    public List<JsonNode> requests() {
        return server.requests().stream().map(FakeBedrockServer.RecordedRequest::body).filter(Objects::nonNull).toList();
    }

    @Override
    public List<String> rejections() {
        List<String> rejections = new ArrayList<>();
        for (FakeBedrockServer.RecordedRequest request : server.requests()) {
            if (request.rejection() != null) {
                rejections.add(request.rejection());
            }
        }
        return rejections;
    }

    @Override
    public void reset() {
        server.clear();
        server.sliceWrites(0);
    }

    /** The eventstream's bytes in slices: frames, their preludes and UTF-8 characters split across reads. */
    @Override
    public void sliceStreams(int bytes) {
        server.sliceWrites(bytes);
    }

    /** Converse usage has no reasoning token count (reasoning is counted in outputTokens). */
    @Override
    public boolean reportsReasoningTokens() {
        return false;
    }

    /** Bedrock's throttling and unavailability errors state no retry delay (no Retry-After, nothing in the body). */
    @Override
    public boolean statesRetryDelay() {
        return false;
    }

    @Override
    public void close() {
        server.close();
    }

    /** The scripted turn as a Converse answer, its tool names as the request declared them. */
    static FakeBedrockServer.Answer answer(ScriptedTurn turn, JsonNode request) {
        FakeBedrockServer.AnswerBuilder answer = FakeBedrockServer.answer();
        for (ScriptedTurn.Part part : turn.parts()) {
            if (part instanceof ScriptedTurn.Reasoning r) {
                if (r.redacted()) {
                    answer.redacted(r.signature());
                } else {
                    answer.reasoning(r.summary(), r.signature());
                }
            } else if (part instanceof ScriptedTurn.Text t) {
                answer.text(t.text());
            } else if (part instanceof ScriptedTurn.ToolCall call) {
                answer.toolUse(call.callId(), declaredName(request, call.name()), call.argumentsJson());
            } else if (part instanceof ScriptedTurn.CustomToolCall call) {
                answer.toolUse(call.callId(), declaredName(request, call.name()),
                        io.camelgateway.json.Json.MAPPER.createObjectNode().put("input", call.input()).toString());
            }
        }
        ScriptedTurn.Usage usage = turn.usage();
        answer.usage(usage.input() - usage.cachedInput(), usage.output(), usage.cachedInput(), 0);
        answer.stopReason(switch (turn.stop()) {
            case END_TURN -> "end_turn";
            case TOOL_USE -> "tool_use";
            case MAX_TOKENS -> "max_tokens";
        });
        return answer.end();
    }

    /**
     * The wire name under which the gateway declared the client's tool {@code name}: the same name, or its
     * rewritten form (characters outside Bedrock's pattern replaced, a namespace prefixed, a hash suffix).
     */
    static String declaredName(JsonNode request, String name) {
        List<String> declared = new ArrayList<>();
        request.at("/toolConfig/tools").forEach(t -> declared.add(t.at("/toolSpec/name").asText()));
        if (WireNames.namespace(name) != null) {
            return WireNames.flattened(name, declared);
        }
        if (declared.contains(name)) {
            return name;
        }
        String sanitized = name.replaceAll("[^a-zA-Z0-9_-]", "_");
        for (String wire : declared) {
            if (wire.equals(sanitized) || wire.endsWith("__" + sanitized)
                    || sanitized.length() > 20 && wire.startsWith(sanitized.substring(0, 20))) {
                return wire;
            }
        }
        return name;
    }
}
