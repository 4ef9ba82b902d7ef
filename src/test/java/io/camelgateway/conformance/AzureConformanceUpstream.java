package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeAzureOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Azure OpenAI's column: the shipped {@code provider-azure} route against {@link FakeAzureOpenAiServer}. Codex turns
 * (Responses) go to the v1 Responses API, other clients to the deployment's chat completions; each scripted turn is
 * rendered in the wire of the path that asked for it, as a stream or whole as its body says.
 */
public final class AzureConformanceUpstream implements ConformanceUpstream {

    static final String KEY = "azure-conformance-key-0123456789";
    static final String DEPLOYMENT = "conformance-gpt5";

    private final FakeAzureOpenAiServer server = FakeAzureOpenAiServer.start(KEY, null, DEPLOYMENT);

    public static AzureConformanceUpstream start() {
        return new AzureConformanceUpstream();
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public String model() {
        return "azure/gpt-5";
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of();
    }

    @Override
    public Map<String, String> gatewayProperties() {
        return Map.of("gateway.azure.deployments", "gpt-5=" + DEPLOYMENT);
    }

    @Override
    public Map<String, String> gatewayEnvironment() {
        return Map.of("AZURE_OPENAI_ENDPOINT", server.endpoint(), "AZURE_OPENAI_API_KEY", KEY);
    }

    @Override
    public void enqueue(ScriptedTurn turn) {
        server.enqueue(request -> {
            boolean stream = request.body().path("stream").asBoolean(false);
            if (request.chat()) {
                List<String> declared = declaredChatTools(request.body());
                return stream ? Reply.sse(OpenAiWireRenderer.chatEvents(turn, DEPLOYMENT, declared))
                        : Reply.json(OpenAiWireRenderer.chatJson(turn, DEPLOYMENT, declared));
            }
            return stream ? Reply.sse(OpenAiWireRenderer.responsesEvents(turn, DEPLOYMENT))
                    : Reply.json(OpenAiWireRenderer.responsesJson(turn, DEPLOYMENT));
        });
    }

    @Override
    public void enqueue(UpstreamFault fault) {
        if (fault.kind() == UpstreamFault.Kind.CUT_MIDWAY) {
            ScriptedTurn half = ScriptedTurn.builder().text("This answer is cut in the middle of its stream.").end();
            server.enqueue(request -> {
                if (request.body().path("stream").asBoolean(false)) {
                    return Reply.sse(request.chat() ? OpenAiWireRenderer.chatEvents(half, DEPLOYMENT)
                            : OpenAiWireRenderer.responsesEvents(half, DEPLOYMENT)).cutHalfway();
                }
                String whole = request.chat() ? OpenAiWireRenderer.chatJson(half, DEPLOYMENT)
                        : OpenAiWireRenderer.responsesJson(half, DEPLOYMENT);
                return Reply.body(200, "application/json", ScriptedText.firstHalf(whole));
            });
            return;
        }
        server.enqueue(switch (fault.kind()) {
            case RATE_LIMITED -> FakeAzureOpenAiServer.rateLimited(Math.max(1, fault.retryAfterSeconds()) * 1000L);
            case SERVER_ERROR -> FakeAzureOpenAiServer.azureError(500, "InternalServerError",
                    "The server had an error while processing your request. Sorry about that!", Map.of());
            case OVERLOADED -> FakeAzureOpenAiServer.azureError(503, "ServiceUnavailable",
                    "The service is temporarily unable to process your request. Please try again later.",
                    retryHeaders(fault.retryAfterSeconds()));
            default -> FakeAzureOpenAiServer.azureError(400, "BadRequest",
                    "Invalid value for 'input': the request is not valid.", Map.of());
        });
    }

    /** Azure's busy answers say when to come back in seconds and, more precisely, in milliseconds. */
    private static Map<String, String> retryHeaders(int seconds) {
        return seconds <= 0 ? Map.of() : Map.of("retry-after", Integer.toString(seconds),
                "x-ms-retry-after-ms", Long.toString(seconds * 1000L));
    }

    /** The function names a chat request declared: a namespaced tool is called by its flattened name. */
    private static List<String> declaredChatTools(JsonNode body) {
        List<String> declared = new ArrayList<>();
        body.path("tools").forEach(tool -> declared.add(tool.path("function").path("name").asText()));
        return declared;
    }

    @Override
    public void sliceStreams(int bytes) {
        server.sliceWrites(bytes);
    }

    @Override
    public List<JsonNode> requests() {
        return server.requests().stream().map(FakeAzureOpenAiServer.RecordedRequest::body).toList();
    }

    @Override
    public List<String> rejections() {
        return server.requests().stream().filter(r -> r.rejection() != null)
                .map(r -> r.path() + ": " + r.rejection()).toList();
    }

    @Override
    public void reset() {
        server.reset();
        server.sliceWrites(0);
    }

    @Override
    public void close() {
        server.close();
    }
}
