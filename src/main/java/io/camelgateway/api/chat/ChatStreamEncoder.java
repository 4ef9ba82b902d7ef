package io.camelgateway.api.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.TurnResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical stream events → {@code chat.completion.chunk} SSE frames. One instance per stream. Tool calls get
 * their own sequential chat index (0, 1, 2, ...), independent of the output index reasoning and text items use.
 * Freeform (custom) calls cannot stream as valid JSON pieces, so their {@code {"input": raw}} arguments go out
 * in one delta when the call is done.
 */
public final class ChatStreamEncoder {

    private static final String DONE = "data: [DONE]\n\n";
    private static final String KEEP_ALIVE = ": keep-alive\n\n";

    private final String model;
    private final boolean includeUsage;
    private final Map<Integer, ToolCallState> toolCallsByOutputIndex = new HashMap<>();
    private String id = ChatJson.completionId(null);
    private long created = System.currentTimeMillis() / 1000;
    private boolean finished;

    public ChatStreamEncoder(String model, boolean includeUsage) {
        this.model = model;
        this.includeUsage = includeUsage;
    }

    public List<String> encode(StreamEvent event) {
        List<String> frames = new ArrayList<>();
        if (finished) {
            return frames;
        }
        if (event instanceof StreamEvent.Created created) {
            id = ChatJson.completionId(created.response().id());
            this.created = created.response().createdAt();
            ObjectNode delta = ChatJson.JSON.createObjectNode().put("role", "assistant").put("content", "");
            frames.add(frame(chunk(delta, null)));
        } else if (event instanceof StreamEvent.TextDelta text) {
            frames.add(delta("content", text.delta()));
        } else if (event instanceof StreamEvent.ReasoningSummaryDelta summary) {
            frames.add(delta("reasoning_content", summary.delta()));
        } else if (event instanceof StreamEvent.ReasoningSummaryPartAdded part && part.summaryIndex() > 0) {
            frames.add(delta("reasoning_content", "\n\n"));
        } else if (event instanceof StreamEvent.ItemAdded added && ChatJson.isToolCall(added.item())) {
            frames.add(toolCallStarted(added.outputIndex(), added.item()));
        } else if (event instanceof StreamEvent.FunctionArgumentsDelta args) {
            ToolCallState state = toolCallsByOutputIndex.get(args.outputIndex());
            if (state != null) {
                state.sentArguments.append(args.delta());
                frames.add(frame(toolCallChunk(state.chatIndex, args.delta())));
            }
        } else if (event instanceof StreamEvent.ItemDone done && ChatJson.isToolCall(done.item())) {
            toolCallDone(done.outputIndex(), done.item(), frames);
        } else if (event instanceof StreamEvent.KeepAlive) {
            frames.add(KEEP_ALIVE);
        } else if (event instanceof StreamEvent.Finished end) {
            finish(end.response(), frames);
        } else if (event instanceof StreamEvent.Failed failed) {
            finished = true;
            frames.add(frame(ChatJson.error(failed.response().error())));
            frames.add(DONE);
        }
        return frames;
    }

    private String toolCallStarted(int outputIndex, Item item) {
        ToolCallState state = new ToolCallState(toolCallsByOutputIndex.size());
        toolCallsByOutputIndex.put(outputIndex, state);
        ObjectNode call = ChatJson.JSON.createObjectNode();
        call.put("index", state.chatIndex);
        call.put("id", ChatJson.callId(item));
        call.put("type", "function");
        call.putObject("function").put("name", ChatJson.toolName(item)).put("arguments", "");
        ObjectNode delta = ChatJson.JSON.createObjectNode();
        delta.putArray("tool_calls").add(call);
        return frame(chunk(delta, null));
    }

    /** Sends whatever part of the final arguments the client has not seen (all of it for custom calls). */
    private void toolCallDone(int outputIndex, Item item, List<String> frames) {
        ToolCallState state = toolCallsByOutputIndex.get(outputIndex);
        if (state == null) {
            return;
        }
        String full = ChatJson.arguments(item);
        String sent = state.sentArguments.toString();
        String rest = item instanceof FunctionCall && full.startsWith(sent) ? full.substring(sent.length())
                : item instanceof CustomToolCall || sent.isEmpty() ? full : "";
        if (!rest.isEmpty()) {
            state.sentArguments.append(rest);
            frames.add(frame(toolCallChunk(state.chatIndex, rest)));
        }
    }

    private void finish(TurnResponse response, List<String> frames) {
        finished = true;
        ObjectNode last = chunk(ChatJson.JSON.createObjectNode(),
                ChatJson.finishReason(response.stopReason(), !toolCallsByOutputIndex.isEmpty()));
        frames.add(frame(last));
        if (includeUsage) {
            ObjectNode usage = header();
            usage.putArray("choices");
            usage.set("usage", ChatJson.usage(response.usage()));
            frames.add(frame(usage));
        }
        frames.add(DONE);
    }

    private String delta(String field, String value) {
        return frame(chunk(ChatJson.JSON.createObjectNode().put(field, value), null));
    }

    private ObjectNode toolCallChunk(int chatIndex, String arguments) {
        ObjectNode call = ChatJson.JSON.createObjectNode().put("index", chatIndex);
        call.putObject("function").put("arguments", arguments);
        ObjectNode delta = ChatJson.JSON.createObjectNode();
        delta.putArray("tool_calls").add(call);
        return chunk(delta, null);
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    private ObjectNode header() {
        return ChatJson.JSON.createObjectNode().put("id", id).put("object", "chat.completion.chunk")
                .put("created", created).put("model", model);
    }

    private static String frame(ObjectNode json) {
        return "data: " + json + "\n\n";
    }

    private static final class ToolCallState {
        final int chatIndex;
        final StringBuilder sentArguments = new StringBuilder();

        ToolCallState(int chatIndex) {
            this.chatIndex = chatIndex;
        }
    }
}
