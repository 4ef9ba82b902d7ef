package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.fakes.FakeGeminiServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The conformance matrix's {@code gemini} column: the strict {@link FakeGeminiServer} (Google AI Studio), reached
 * through the shipped {@code provider-gemini} route as a Gemini 3 model, whose function calls must come back with
 * their thought signatures.
 */
public final class GeminiConformanceUpstream implements ConformanceUpstream {

    private static final String KEY = "gm-conformance-key-1234";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeGeminiServer server = FakeGeminiServer.start(KEY);

    private GeminiConformanceUpstream() {
    }

    public static GeminiConformanceUpstream start() {
        return new GeminiConformanceUpstream();
    }

    @Override
    public String name() {
        return "gemini";
    }

    @Override
    public String model() {
        return "gemini/gemini-3-pro-preview";
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of();
    }

    @Override
    public Map<String, String> gatewayProperties() {
        return Map.of("gateway.gemini.base-url", server.baseUrl());
    }

    @Override
    public Map<String, String> gatewayEnvironment() {
        return Map.of("GEMINI_API_KEY", KEY);
    }

    @Override
    public void enqueue(ScriptedTurn turn) {
        server.enqueue(request -> answer(turn, declaredNames(request)));
    }

    private static List<String> declaredNames(JsonNode request) {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            tool.path("functionDeclarations").forEach(declaration -> names.add(declaration.path("name").asText()));
        }
        return names;
    }

    /**
     * A scripted turn as Gemini says it: reasoning is a thought part whose signature sits on the part that follows
     * it (an empty text part when nothing follows), custom tool calls are calls of the one-string function, and a
     * namespaced tool is called by the flattened name the request declared.
     */
    static FakeGeminiServer.Answer answer(ScriptedTurn turn, List<String> declared) {
        FakeGeminiServer.Answer answer = FakeGeminiServer.answer();
        String signature = null;
        for (ScriptedTurn.Part part : turn.parts()) {
            if (part instanceof ScriptedTurn.Reasoning r) {
                if (!r.redacted() && !r.summary().isEmpty()) {
                    answer.thought(r.summary());
                }
                signature = r.signature() == null || r.signature().isEmpty() ? null : r.signature();
            } else if (part instanceof ScriptedTurn.Text t) {
                answer.text(t.text(), signature);
                signature = null;
            } else if (part instanceof ScriptedTurn.ToolCall c) {
                answer.call(WireNames.flattened(c.name(), declared), c.argumentsJson(), signature);
                signature = null;
            } else if (part instanceof ScriptedTurn.CustomToolCall c) {
                answer.call(c.name(), JSON.createObjectNode().put("input", c.input()).toString(), signature);
                signature = null;
            }
        }
        if (signature != null) {
            answer.text("", signature);
        }
        ScriptedTurn.Usage usage = turn.usage();
        answer.usage(usage.input(), usage.cachedInput(), usage.output() - usage.reasoning(), usage.reasoning());
        answer.finish(turn.stop() == ScriptedTurn.Stop.MAX_TOKENS ? "MAX_TOKENS" : "STOP");
        return answer;
    }

    @Override
    public void enqueue(UpstreamFault fault) {
        switch (fault.kind()) {
            case RATE_LIMITED -> server.enqueue(fault.retryAfterSeconds() > 0
                    ? Reply.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
                            FakeGeminiServer.retryInfo(fault.retryAfterSeconds() + "s"))
                    : Reply.error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."));
            case SERVER_ERROR -> server.enqueue(Reply.error(500, "INTERNAL", "An internal error has occurred."));
            // Google states a retry delay, on any status, as a google.rpc.RetryInfo detail (AIP-193), not a header
            case OVERLOADED -> server.enqueue(fault.retryAfterSeconds() > 0
                    ? Reply.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.",
                            FakeGeminiServer.retryInfo(fault.retryAfterSeconds() + "s"))
                    : Reply.error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."));
            case INVALID_REQUEST -> server.enqueue(Reply.error(400, "INVALID_ARGUMENT",
                    "Request contains an invalid argument."));
            case CUT_MIDWAY -> server.enqueueCut(FakeGeminiServer.answer().text("This answer starts normally")
                    .text(" and is then cut off").text(" before it ends."));
            default -> throw new IllegalArgumentException("unknown fault " + fault);
        }
    }

    @Override
    public boolean keepsCallIds() {
        return false;
    }

    /** The {@code functionResponse} parts of the last content, which Gemini matches to the calls by position. */
    @Override
    public List<ToolResult> toolResults(JsonNode request) {
        JsonNode contents = request.path("contents");
        List<ToolResult> results = new ArrayList<>();
        for (JsonNode part : contents.path(contents.size() - 1).path("parts")) {
            JsonNode response = part.get("functionResponse");
            if (response != null) {
                results.add(new ToolResult(response.path("name").asText(), response.path("response").toString()));
            }
        }
        return results;
    }

    @Override
    public List<JsonNode> requests() {
        return server.requests().stream().map(FakeGeminiServer.RecordedRequest::body).filter(Objects::nonNull).toList();
    }

    @Override
    public List<String> rejections() {
        return server.rejections();
    }

    @Override
    public void reset() {
        server.reset();
    }

    @Override
    public void close() {
        server.close();
    }
}
