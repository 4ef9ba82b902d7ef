package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.fakes.LoopbackHttpServer.Received;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The anthropic column: {@link FakeAnthropicServer}, which checks every body with the real API's rules
 * (AnthropicRequestValidator) and accepts only the thinking signatures it issued, answering in the Messages wire.
 */
final class AnthropicConformanceUpstream extends QueuedUpstream {

    private static final String KEY = "sk-ant-matrix";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final FakeAnthropicServer server = FakeAnthropicServer.start(KEY);

    private AnthropicConformanceUpstream() {
        server.respondWith(this::answer);
    }

    static AnthropicConformanceUpstream start() {
        return new AnthropicConformanceUpstream();
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String model() {
        return "anthropic/claude-sonnet-4-6";
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of();
    }

    @Override
    public Map<String, String> gatewayProperties() {
        return Map.of("gateway.anthropic.base-url", server.baseUrl());
    }

    @Override
    public Map<String, String> gatewayEnvironment() {
        return Map.of("ANTHROPIC_API_KEY", KEY);
    }

    @Override
    public boolean reportsReasoningTokens() {
        return false;
    }

    @Override
    protected List<RecordedCall> recorded() {
        return server.requests().stream().map(r -> new RecordedCall(r.body(), r.rejection())).toList();
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
        JsonNode body = OpenAiConformanceUpstream.parse(request.body());
        boolean stream = body.path("stream").asBoolean(false);
        List<String> declared = new ArrayList<>();
        body.path("tools").forEach(tool -> declared.add(tool.path("name").asText()));
        Object next = next();
        if (next instanceof UpstreamFault fault) {
            return fault(fault, stream, declared);
        }
        if (next == null) {
            return Reply.error(500, "api_error", "no scripted answer left", Map.of());
        }
        ScriptedTurn turn = (ScriptedTurn) next;
        return stream ? Reply.sse(stream(turn, declared)) : Reply.json(message(turn, declared).toString());
    }

    private Reply fault(UpstreamFault fault, boolean stream, List<String> declared) {
        Map<String, String> retry = fault.retryAfterSeconds() > 0
                ? Map.of("retry-after", String.valueOf(fault.retryAfterSeconds())) : Map.of();
        ScriptedTurn cut = ScriptedTurn.builder().text("This answer is cut before it ends, somewhere in the middle.")
                .toolCall("toolu_cut", "exec_command", "{\"cmd\":\"ls\"}").end();
        return switch (fault.kind()) {
            case RATE_LIMITED -> Reply.error(429, "rate_limit_error",
                    "This request would exceed your organization's rate limit.", retry);
            case SERVER_ERROR -> Reply.error(500, "api_error", "Internal server error", Map.of());
            case OVERLOADED -> Reply.error(529, "overloaded_error", "Overloaded", retry);
            case INVALID_REQUEST -> Reply.error(400, "invalid_request_error", "messages: scripted rejection", Map.of());
            case CUT_MIDWAY -> stream ? Reply.sse(stream(cut, declared)).cutHalfway()
                    : Reply.rawError(200, "application/json",
                    ScriptedText.firstHalf(message(cut, declared).toString()), Map.of());
        };
    }

    private static String stopReason(ScriptedTurn turn) {
        return switch (turn.stop()) {
            case END_TURN -> "end_turn";
            case TOOL_USE -> "tool_use";
            case MAX_TOKENS -> "max_tokens";
        };
    }

    private static ObjectNode usage(ScriptedTurn.Usage u, boolean start) {
        return NODES.objectNode().put("input_tokens", u.input() - u.cachedInput())
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", u.cachedInput())
                .put("output_tokens", start ? 1 : u.output());
    }

    /** The whole content blocks of the answer, with the names the request declared. */
    private static List<ObjectNode> blocks(ScriptedTurn turn, List<String> declared) {
        List<ObjectNode> blocks = new ArrayList<>();
        for (ScriptedTurn.Part part : turn.parts()) {
            if (part instanceof ScriptedTurn.Reasoning r) {
                blocks.add(r.redacted() ? NODES.objectNode().put("type", "redacted_thinking").put("data", r.signature())
                        : NODES.objectNode().put("type", "thinking").put("thinking", r.summary())
                        .put("signature", r.signature()));
            } else if (part instanceof ScriptedTurn.Text t) {
                blocks.add(NODES.objectNode().put("type", "text").put("text", t.text()));
            } else if (part instanceof ScriptedTurn.ToolCall c) {
                ObjectNode block = NODES.objectNode().put("type", "tool_use").put("id", c.callId())
                        .put("name", WireNames.flattened(c.name(), declared));
                block.set("input", OpenAiConformanceUpstream.parse(c.argumentsJson()));
                blocks.add(block);
            } else if (part instanceof ScriptedTurn.CustomToolCall c) {
                ObjectNode block = NODES.objectNode().put("type", "tool_use").put("id", c.callId())
                        .put("name", WireNames.flattened(c.name(), declared));
                block.putObject("input").put("input", c.input());
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static ObjectNode message(ScriptedTurn turn, List<String> declared) {
        ObjectNode message = NODES.objectNode().put("id", "msg_matrix").put("type", "message").put("role", "assistant")
                .put("model", "claude-sonnet-4-6");
        message.putArray("content").addAll(blocks(turn, declared));
        message.put("stop_reason", stopReason(turn)).putNull("stop_sequence");
        message.set("usage", usage(turn.usage(), false));
        return message;
    }

    private static String stream(ScriptedTurn turn, List<String> declared) {
        StringBuilder out = new StringBuilder();
        ObjectNode start = node("message_start");
        ObjectNode message = message(turn, declared);
        message.putArray("content");
        message.putNull("stop_reason");
        message.set("usage", usage(turn.usage(), true));
        start.set("message", message);
        event(out, start);
        event(out, node("ping"));
        List<ObjectNode> blocks = blocks(turn, declared);
        for (int index = 0; index < blocks.size(); index++) {
            ObjectNode block = blocks.get(index);
            String type = block.path("type").asText();
            ObjectNode skeleton = block.deepCopy();
            List<ObjectNode> deltas = new ArrayList<>();
            switch (type) {
                case "thinking" -> {
                    skeleton.put("thinking", "").put("signature", "");
                    ScriptedText.pieces(block.path("thinking").asText()).forEach(piece -> deltas.add(
                            NODES.objectNode().put("type", "thinking_delta").put("thinking", piece)));
                    deltas.add(NODES.objectNode().put("type", "signature_delta")
                            .put("signature", block.path("signature").asText()));
                }
                case "text" -> {
                    skeleton.put("text", "");
                    ScriptedText.pieces(block.path("text").asText()).forEach(piece -> deltas.add(
                            NODES.objectNode().put("type", "text_delta").put("text", piece)));
                }
                case "tool_use" -> {
                    skeleton.putObject("input");
                    ScriptedText.pieces(block.path("input").toString()).forEach(piece -> deltas.add(
                            NODES.objectNode().put("type", "input_json_delta").put("partial_json", piece)));
                }
                default -> {
                    // redacted_thinking arrives whole in its start event
                }
            }
            ObjectNode blockStart = node("content_block_start").put("index", index);
            blockStart.set("content_block", skeleton);
            event(out, blockStart);
            for (ObjectNode delta : deltas) {
                ObjectNode event = node("content_block_delta").put("index", index);
                event.set("delta", delta);
                event(out, event);
            }
            event(out, node("content_block_stop").put("index", index));
        }
        ObjectNode delta = node("message_delta");
        delta.putObject("delta").put("stop_reason", stopReason(turn)).putNull("stop_sequence");
        delta.putObject("usage").put("output_tokens", turn.usage().output());
        event(out, delta);
        event(out, node("message_stop"));
        return out.toString();
    }

    private static ObjectNode node(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static void event(StringBuilder out, ObjectNode data) {
        out.append("event: ").append(data.path("type").asText()).append("\ndata: ").append(data).append("\n\n");
    }
}
