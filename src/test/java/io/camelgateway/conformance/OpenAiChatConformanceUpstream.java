package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeChatServer.Reply;
import io.camelgateway.fakes.LoopbackHttpServer.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The openai-chat column: {@link FakeChatServer} (a strict vLLM-like chat server) answering in the chat-completions
 * wire, reasoning as {@code reasoning_content} (which carries no signature).
 */
final class OpenAiChatConformanceUpstream extends QueuedUpstream {

    private static final String KEY = "sk-matrix-local";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 404, 405);

    private final FakeChatServer server = FakeChatServer.start();
    private final Set<String> answered = ConcurrentHashMap.newKeySet();

    private OpenAiChatConformanceUpstream() {
        server.requireApiKey(KEY).respondWith(this::answer);
    }

    static OpenAiChatConformanceUpstream start() {
        return new OpenAiChatConformanceUpstream();
    }

    @Override
    public String name() {
        return "openai-chat";
    }

    @Override
    public String model() {
        return "local/qwen3-coder";
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of();
    }

    @Override
    public Map<String, String> gatewayProperties() {
        return Map.of("gateway.local.base-url", server.baseUrl());
    }

    @Override
    public Map<String, String> gatewayEnvironment() {
        return Map.of("LOCAL_API_KEY", KEY);
    }

    @Override
    public boolean signsReasoning() {
        return false;
    }

    @Override
    protected List<RecordedCall> recorded() {
        return server.requests().stream().map(r -> new RecordedCall(r.body(),
                REFUSALS.contains(r.status()) && !answered.contains(r.rawBody())
                        ? "HTTP " + r.status() + " for " + r.rawBody().substring(0, Math.min(200, r.rawBody().length()))
                        : null)).toList();
    }

    @Override
    protected void slice(int bytes) {
        server.sliceWrites(bytes);
    }

    @Override
    public void close() {
        server.close();
    }

    private Reply answer(Received request) {
        answered.add(request.body());
        JsonNode body = OpenAiConformanceUpstream.parse(request.body());
        boolean stream = body.path("stream").asBoolean(false);
        List<String> declared = new ArrayList<>();
        body.path("tools").forEach(tool -> declared.add(tool.path("function").path("name").asText()));
        Object next = next();
        if (next instanceof UpstreamFault fault) {
            return fault(fault, stream, declared);
        }
        if (next == null) {
            return Reply.error(500, FakeChatServer.errorBody("no scripted answer left", "server_error", null), Map.of());
        }
        ScriptedTurn turn = (ScriptedTurn) next;
        return stream ? Reply.sse(chunks(turn, declared)) : Reply.json(completion(turn, declared));
    }

    private Reply fault(UpstreamFault fault, boolean stream, List<String> declared) {
        Map<String, String> retry = fault.retryAfterSeconds() > 0
                ? Map.of("retry-after", String.valueOf(fault.retryAfterSeconds())) : Map.of();
        ScriptedTurn cut = ScriptedTurn.builder().text("This answer is cut before it ends, somewhere in the middle.")
                .toolCall("call_cut", "exec_command", "{\"cmd\":\"ls\"}").end();
        return switch (fault.kind()) {
            case RATE_LIMITED -> Reply.error(429, FakeChatServer.errorBody("Rate limit exceeded", "rate_limit_error",
                    "rate_limit_exceeded"), retry);
            case SERVER_ERROR -> Reply.error(500, FakeChatServer.errorBody("Internal server error", "server_error",
                    null), Map.of());
            case OVERLOADED -> Reply.error(503, FakeChatServer.errorBody("The model is overloaded", "server_error",
                    "overloaded"), retry);
            case INVALID_REQUEST -> Reply.error(400, FakeChatServer.errorBody("scripted rejection",
                    "invalid_request_error", null), Map.of());
            case CUT_MIDWAY -> stream ? Reply.sse(chunks(cut, declared)).cutHalfway()
                    : new Reply(200, "application/json", null,
                    ScriptedText.firstHalf(completion(cut, declared).toString()), Map.of(), Duration.ZERO);
        };
    }

    private static String finishReason(ScriptedTurn turn) {
        return switch (turn.stop()) {
            case END_TURN -> "stop";
            case TOOL_USE -> "tool_calls";
            case MAX_TOKENS -> "length";
        };
    }

    private static ObjectNode usage(ScriptedTurn.Usage u) {
        ObjectNode usage = NODES.objectNode().put("prompt_tokens", u.input()).put("completion_tokens", u.output())
                .put("total_tokens", u.input() + u.output());
        usage.putObject("prompt_tokens_details").put("cached_tokens", u.cachedInput());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoning());
        return usage;
    }

    private static String arguments(ScriptedTurn.Part part) {
        if (part instanceof ScriptedTurn.CustomToolCall c) {
            return NODES.objectNode().put("input", c.input()).toString();
        }
        return ((ScriptedTurn.ToolCall) part).argumentsJson();
    }

    private static String callId(ScriptedTurn.Part part) {
        return part instanceof ScriptedTurn.CustomToolCall c ? c.callId() : ((ScriptedTurn.ToolCall) part).callId();
    }

    private static String name(ScriptedTurn.Part part, List<String> declared) {
        String scripted = part instanceof ScriptedTurn.CustomToolCall c ? c.name() : ((ScriptedTurn.ToolCall) part).name();
        return WireNames.flattened(scripted, declared);
    }

    private static boolean isCall(ScriptedTurn.Part part) {
        return part instanceof ScriptedTurn.ToolCall || part instanceof ScriptedTurn.CustomToolCall;
    }

    private static ObjectNode completion(ScriptedTurn turn, List<String> declared) {
        ObjectNode root = NODES.objectNode().put("id", "chatcmpl-matrix").put("object", "chat.completion")
                .put("created", 1700000000L).put("model", "qwen3-coder");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0)
                .put("finish_reason", finishReason(turn));
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        ArrayNode calls = NODES.arrayNode();
        for (ScriptedTurn.Part part : turn.parts()) {
            if (part instanceof ScriptedTurn.Reasoning r && !r.redacted()) {
                reasoning.append(r.summary());
            } else if (part instanceof ScriptedTurn.Text t) {
                text.append(t.text());
            } else if (isCall(part)) {
                ObjectNode call = calls.addObject().put("id", callId(part)).put("type", "function");
                call.putObject("function").put("name", name(part, declared)).put("arguments", arguments(part));
            }
        }
        if (reasoning.length() > 0) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (text.length() > 0) {
            message.put("content", text.toString());
        } else {
            message.putNull("content");
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        root.set("usage", usage(turn.usage()));
        return root;
    }

    private static List<String> chunks(ScriptedTurn turn, List<String> declared) {
        List<String> chunks = new ArrayList<>();
        chunks.add(chunk(NODES.objectNode().put("role", "assistant").put("content", ""), null).toString());
        int index = 0;
        for (ScriptedTurn.Part part : turn.parts()) {
            if (part instanceof ScriptedTurn.Reasoning r && !r.redacted()) {
                for (String piece : ScriptedText.pieces(r.summary())) {
                    chunks.add(chunk(NODES.objectNode().put("reasoning_content", piece), null).toString());
                }
            } else if (part instanceof ScriptedTurn.Text t) {
                for (String piece : ScriptedText.pieces(t.text())) {
                    chunks.add(chunk(NODES.objectNode().put("content", piece), null).toString());
                }
            } else if (isCall(part)) {
                ObjectNode first = NODES.objectNode();
                ObjectNode call = first.putArray("tool_calls").addObject().put("index", index)
                        .put("id", callId(part)).put("type", "function");
                call.putObject("function").put("name", name(part, declared)).put("arguments", "");
                chunks.add(chunk(first, null).toString());
                for (String piece : ScriptedText.pieces(arguments(part))) {
                    ObjectNode delta = NODES.objectNode();
                    delta.putArray("tool_calls").addObject().put("index", index).putObject("function")
                            .put("arguments", piece);
                    chunks.add(chunk(delta, null).toString());
                }
                index++;
            }
        }
        chunks.add(chunk(NODES.objectNode(), finishReason(turn)).toString());
        ObjectNode last = header();
        last.putArray("choices");
        last.set("usage", usage(turn.usage()));
        chunks.add(last.toString());
        chunks.add("[DONE]");
        return chunks;
    }

    private static ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    private static ObjectNode header() {
        return NODES.objectNode().put("id", "chatcmpl-matrix").put("object", "chat.completion.chunk")
                .put("created", 1700000000L).put("model", "qwen3-coder");
    }
}
