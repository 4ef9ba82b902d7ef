package io.camelgateway.provider.openaichat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamErrors;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code chat.completion.chunk} stream → assembler. Tool calls are keyed by their {@code index} field, never by
 * their position in the chunk's array. The turn ends at {@code [DONE]} (or the end of the body after a
 * finish_reason), not at finish_reason: the usage-only chunk comes after it.
 */
public final class OpenAiChatStreamTranslator implements ProviderStreamTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatStreamTranslator.class);
    /** Key for the deprecated single {@code function_call} delta. */
    private static final int LEGACY_FUNCTION_CALL = Integer.MIN_VALUE;

    private final TurnContext context;
    private final TurnStreamAssembler assembler;
    private final Map<Integer, ToolCallState> toolCalls = new LinkedHashMap<>();
    private int reasoningIndex = -1;
    private int messageIndex = -1;
    private String finishReason;
    private Integer lastToolKey;

    public OpenAiChatStreamTranslator(TurnContext context, TurnStreamAssembler assembler) {
        this.context = context;
        this.assembler = assembler;
    }

    @Override
    public void onEvent(SseEvent event) {
        if (assembler.isTerminated()) {
            return;
        }
        String data = event.data().trim();
        if (data.isEmpty()) {
            return;
        }
        if ("[DONE]".equals(data)) {
            assembler.finish(OpenAiChatWire.stopReason(finishReason));
            return;
        }
        JsonNode chunk;
        try {
            chunk = OpenAiChatRequestMapper.JSON.readTree(data);
        } catch (IOException e) {
            LOG.debug("ignoring a stream event that is not JSON ({} chars)", data.length());
            return;
        }
        if (chunk == null || !chunk.isObject()) {
            return;
        }
        assembler.start();
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            String type = error.isObject() ? error.path("type").asText(error.path("code").asText(null)) : null;
            String message = error.isObject() ? error.path("message").asText(null) : error.asText();
            assembler.fail(UpstreamErrors.streamError(context.target().provider(), type, message));
            return;
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) == 0) {
                onChoice(choice);
            }
        }
        Usage usage = OpenAiChatWire.usage(chunk.get("usage"));
        if (usage != null) {
            assembler.setUsage(usage);
        }
    }

    @Override
    public void onEnd() {
        if (assembler.isTerminated()) {
            return;
        }
        if (finishReason != null) {
            assembler.finish(OpenAiChatWire.stopReason(finishReason));
        } else {
            assembler.fail(UpstreamErrors.streamInterrupted(context.target().provider()));
        }
    }

    private void onChoice(JsonNode choice) {
        JsonNode delta = choice.path("delta");
        String reasoning = OpenAiChatWire.reasoning(delta);
        if (reasoning != null && !reasoning.isEmpty()) {
            if (reasoningIndex < 0) {
                reasoningIndex = assembler.openReasoning();
            }
            assembler.appendReasoningSummary(reasoningIndex, reasoning);
        }
        String text = OpenAiChatWire.text(delta, "content");
        if (text == null) {
            text = OpenAiChatWire.text(delta, "refusal");
        }
        if (text != null && !text.isEmpty()) {
            closeReasoning();
            if (messageIndex < 0) {
                messageIndex = assembler.openMessage();
            }
            assembler.appendText(messageIndex, text);
        }
        int position = 0;
        for (JsonNode call : delta.path("tool_calls")) {
            onToolCallDelta(keyOf(call, position++), OpenAiChatWire.text(call, "id"), call.path("function"));
        }
        if (delta.path("function_call").isObject()) {
            onToolCallDelta(LEGACY_FUNCTION_CALL, null, delta.get("function_call"));
        }
        String reason = OpenAiChatWire.text(choice, "finish_reason");
        if (reason != null && !reason.isEmpty()) {
            finishReason = reason;
        }
    }

    /** The call's {@code index}; servers that omit it are matched by id, else by continuing the last call. */
    private int keyOf(JsonNode call, int position) {
        JsonNode index = call.get("index");
        if (index != null && index.canConvertToInt()) {
            return index.asInt();
        }
        String id = OpenAiChatWire.text(call, "id");
        if (id != null && !id.isEmpty()) {
            for (Map.Entry<Integer, ToolCallState> entry : toolCalls.entrySet()) {
                if (id.equals(entry.getValue().callId)) {
                    return entry.getKey();
                }
            }
            return 1_000_000 + toolCalls.size();
        }
        return lastToolKey != null ? lastToolKey : position;
    }

    private void onToolCallDelta(int key, String id, JsonNode function) {
        closeReasoning();
        closeMessage();
        lastToolKey = key;
        ToolCallState state = toolCalls.computeIfAbsent(key, k -> new ToolCallState());
        if (state.callId == null && id != null && !id.isEmpty()) {
            state.callId = id;
        }
        String name = OpenAiChatWire.text(function, "name");
        String arguments = OpenAiChatWire.arguments(function);
        if (state.outputIndex < 0) {
            if (name == null || name.isEmpty()) {
                // Some servers send the id first and the name later: hold arguments until the call can open.
                if (arguments != null) {
                    state.pendingArguments.append(arguments);
                }
                return;
            }
            state.outputIndex = assembler.openToolCall(state.callId, name);
            if (state.pendingArguments.length() > 0) {
                assembler.appendToolArguments(state.outputIndex, state.pendingArguments.toString());
            }
        }
        // Servers that repeat id and name on every chunk: only the arguments are new.
        assembler.appendToolArguments(state.outputIndex, arguments);
    }

    private void closeReasoning() {
        if (reasoningIndex >= 0) {
            assembler.closeItem(reasoningIndex);
            reasoningIndex = -1;
        }
    }

    private void closeMessage() {
        if (messageIndex >= 0) {
            assembler.closeItem(messageIndex);
            messageIndex = -1;
        }
    }

    private static final class ToolCallState {
        String callId;
        int outputIndex = -1;
        final StringBuilder pendingArguments = new StringBuilder();
    }
}
