package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.LoopbackHttpServer.Received;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The openai (Responses passthrough) column: {@link FakeOpenAiServer} answering in OpenAI's Responses wire. */
final class OpenAiConformanceUpstream extends QueuedUpstream {

    private static final String KEY = "sk-matrix-openai";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeOpenAiServer server = FakeOpenAiServer.start(KEY);

    private OpenAiConformanceUpstream() {
        server.respondWith(this::answer);
    }

    static OpenAiConformanceUpstream start() {
        return new OpenAiConformanceUpstream();
    }

    /** The fake itself, for scenarios only OpenAI has (remote compaction). */
    FakeOpenAiServer server() {
        return server;
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String model() {
        return "openai/gpt-5.1-codex";
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of();
    }

    @Override
    public Map<String, String> gatewayProperties() {
        return Map.of("gateway.openai.base-url", server.baseUrl());
    }

    @Override
    public Map<String, String> gatewayEnvironment() {
        return Map.of("OPENAI_API_KEY", KEY);
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
        Object next = next();
        boolean stream = parse(request.body()).path("stream").asBoolean(false);
        if (next instanceof UpstreamFault fault) {
            return fault(fault, stream);
        }
        if (next == null) {
            return Reply.error(500, "no scripted answer left", "server_error", null);
        }
        ScriptedTurn turn = (ScriptedTurn) next;
        if (request.path().endsWith("/compact")) {
            return Reply.json(compaction(turn).toString());
        }
        return stream ? Reply.sse(events(turn)) : Reply.json(response(turn, output(turn)).toString());
    }

    private Reply fault(UpstreamFault fault, boolean stream) {
        Map<String, String> retry = fault.retryAfterSeconds() > 0
                ? Map.of("retry-after", String.valueOf(fault.retryAfterSeconds())) : Map.of();
        return switch (fault.kind()) {
            case RATE_LIMITED -> Reply.error(429, "Rate limit reached for requests. Please try again in "
                    + fault.retryAfterSeconds() + "s.", "requests", "rate_limit_exceeded", retry);
            case SERVER_ERROR -> Reply.error(500, "The server had an error while processing your request.",
                    "server_error", null);
            case OVERLOADED -> Reply.error(503, "The engine is currently overloaded, please try again later.",
                    "server_error", "overloaded", retry);
            case INVALID_REQUEST -> Reply.error(400, "Invalid 'input': scripted rejection.", "invalid_request_error",
                    "invalid_value");
            case CUT_MIDWAY -> stream ? Reply.sse(events(cutTurn())).cutHalfway()
                    : Reply.body(200, "application/json", ScriptedText.firstHalf(
                            response(cutTurn(), output(cutTurn())).toString()));
        };
    }

    private ScriptedTurn cutTurn() {
        return ScriptedTurn.builder().text("This answer is cut before it ends, somewhere in the middle of it.")
                .toolCall("call_cut", "exec_command", "{\"cmd\":\"ls\"}").end();
    }

    // ---- rendering --------------------------------------------------------------------------------------------

    private static ArrayNode output(ScriptedTurn turn) {
        ArrayNode output = NODES.arrayNode();
        int n = 0;
        for (ScriptedTurn.Part part : turn.parts()) {
            n++;
            if (part instanceof ScriptedTurn.Reasoning r) {
                ObjectNode item = output.addObject().put("id", "rs_matrix_" + n).put("type", "reasoning");
                ArrayNode summary = item.putArray("summary");
                if (!r.redacted() && !r.summary().isEmpty()) {
                    summary.addObject().put("type", "summary_text").put("text", r.summary());
                }
                item.put("encrypted_content", r.signature());
            } else if (part instanceof ScriptedTurn.Text t) {
                ObjectNode item = output.addObject().put("id", "msg_matrix_" + n).put("type", "message")
                        .put("status", "completed").put("role", "assistant");
                item.putArray("content").addObject().put("type", "output_text").put("text", t.text())
                        .putArray("annotations");
            } else if (part instanceof ScriptedTurn.ToolCall c) {
                ObjectNode item = output.addObject().put("id", "fc_matrix_" + n).put("type", "function_call")
                        .put("status", "completed").put("call_id", c.callId());
                if (WireNames.namespace(c.name()) != null) {
                    item.put("namespace", WireNames.namespace(c.name()));
                }
                item.put("name", WireNames.tool(c.name())).put("arguments", c.argumentsJson());
            } else if (part instanceof ScriptedTurn.CustomToolCall c) {
                output.addObject().put("id", "ctc_matrix_" + n).put("type", "custom_tool_call")
                        .put("status", "completed").put("call_id", c.callId()).put("name", c.name())
                        .put("input", c.input());
            }
        }
        return output;
    }

    /** What OpenAI's remote compaction answers: the user's messages kept, then the opaque compaction item. */
    private static ObjectNode compaction(ScriptedTurn turn) {
        ObjectNode response = response(turn, NODES.arrayNode()).put("object", "response.compaction");
        ArrayNode output = response.putArray("output");
        output.addObject().put("type", "message").put("role", "user").putArray("content").addObject()
                .put("type", "input_text").put("text", "Run the shell command");
        output.addObject().put("id", "cmp_matrix_1").put("type", "compaction")
                .put("encrypted_content", "gAAAABmatrixCompaction");
        return response;
    }

    private static ObjectNode response(ScriptedTurn turn, ArrayNode output) {
        boolean incomplete = turn.stop() == ScriptedTurn.Stop.MAX_TOKENS;
        ObjectNode response = NODES.objectNode().put("id", "resp_matrix").put("object", "response")
                .put("created_at", 1782321745L).put("status", incomplete ? "incomplete" : "completed")
                .put("model", "gpt-5.1-codex");
        response.putNull("error");
        if (incomplete) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            response.putNull("incomplete_details");
        }
        response.set("output", output);
        ScriptedTurn.Usage u = turn.usage();
        ObjectNode usage = response.putObject("usage").put("input_tokens", u.input()).put("output_tokens", u.output())
                .put("total_tokens", u.input() + u.output());
        usage.putObject("input_tokens_details").put("cached_tokens", u.cachedInput());
        usage.putObject("output_tokens_details").put("reasoning_tokens", u.reasoning());
        return response;
    }

    private static List<String> events(ScriptedTurn turn) {
        List<String> events = new ArrayList<>();
        int[] sequence = {0};
        ObjectNode start = response(turn, NODES.arrayNode()).put("status", "in_progress");
        start.putNull("usage");
        event(events, sequence, NODES.objectNode().put("type", "response.created").set("response", start));
        ArrayNode output = output(turn);
        for (int i = 0; i < output.size(); i++) {
            ObjectNode item = (ObjectNode) output.get(i);
            String id = item.path("id").asText();
            String type = item.path("type").asText();
            ObjectNode skeleton = item.deepCopy();
            String text;
            String deltaType;
            switch (type) {
                case "message" -> {
                    skeleton.putArray("content");
                    text = item.path("content").path(0).path("text").asText();
                    deltaType = "response.output_text.delta";
                }
                case "function_call" -> {
                    skeleton.put("arguments", "");
                    text = item.path("arguments").asText();
                    deltaType = "response.function_call_arguments.delta";
                }
                case "custom_tool_call" -> {
                    skeleton.put("input", "");
                    text = item.path("input").asText();
                    deltaType = "response.custom_tool_call_input.delta";
                }
                default -> {
                    skeleton.putArray("summary");
                    text = item.path("summary").path(0).path("text").asText("");
                    deltaType = "response.reasoning_summary_text.delta";
                }
            }
            event(events, sequence, itemEvent("response.output_item.added", i, skeleton));
            boolean reasoning = "reasoning".equals(type);
            if (!reasoning || !text.isEmpty()) {
                if (reasoning) {
                    event(events, sequence, NODES.objectNode().put("type", "response.reasoning_summary_part.added")
                            .put("item_id", id).put("output_index", i).put("summary_index", 0));
                }
                for (String piece : ScriptedText.pieces(text)) {
                    ObjectNode delta = NODES.objectNode().put("type", deltaType).put("item_id", id)
                            .put("output_index", i).put("delta", piece);
                    if (reasoning) {
                        delta.put("summary_index", 0);
                    } else if ("message".equals(type)) {
                        delta.put("content_index", 0);
                    }
                    event(events, sequence, delta);
                }
            }
            event(events, sequence, itemEvent("response.output_item.done", i, item));
        }
        ObjectNode end = response(turn, output);
        String terminal = turn.stop() == ScriptedTurn.Stop.MAX_TOKENS ? "response.incomplete" : "response.completed";
        event(events, sequence, NODES.objectNode().put("type", terminal).set("response", end));
        return events;
    }

    private static ObjectNode itemEvent(String type, int index, ObjectNode item) {
        ObjectNode event = NODES.objectNode().put("type", type).put("output_index", index);
        event.set("item", item);
        return event;
    }

    private static void event(List<String> events, int[] sequence, ObjectNode data) {
        data.put("sequence_number", sequence[0]++);
        events.add("event: " + data.path("type").asText() + "\ndata: " + data + "\n\n");
    }

    static JsonNode parse(String raw) {
        try {
            return raw == null || raw.isBlank() ? NODES.objectNode() : JSON.readTree(raw);
        } catch (IOException e) {
            return NODES.objectNode();
        }
    }
}
