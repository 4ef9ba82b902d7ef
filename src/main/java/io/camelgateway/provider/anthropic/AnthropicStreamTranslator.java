package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.UpstreamErrors;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anthropic Messages SSE → {@link TurnStreamAssembler}. Consecutive text blocks (web search splits text around
 * citations) form one message, consecutive thinking blocks one reasoning item whose signed blocks travel in a
 * {@link ReasoningEnvelope}; each tool_use is one call, closed as soon as its block stops. Server-tool blocks
 * (web search) are not items for the client and are skipped.
 */
public final class AnthropicStreamTranslator implements ProviderStreamTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicStreamTranslator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Kind { TEXT, THINKING, TOOL }

    private final TurnStreamAssembler assembler;
    private final String provider;
    /** Anthropic block index → canonical output index; unmapped blocks are skipped. */
    private final Map<Integer, Integer> itemByBlock = new HashMap<>();
    private final Map<Integer, Kind> kindByBlock = new HashMap<>();
    private final Map<Integer, ObjectNode> thinkingByBlock = new HashMap<>();

    private int openMessage = -1;
    private int openReasoning = -1;
    private ArrayNode reasoningBlocks;
    private boolean reasoningHasSummary;
    private boolean newSummaryPartPending;

    private StopReason stopReason = StopReason.COMPLETED;
    private long inputTokens;
    private long cacheReadTokens;
    private long cacheWriteTokens;
    private long outputTokens;

    public AnthropicStreamTranslator(TurnStreamAssembler assembler, String provider) {
        this.assembler = assembler;
        this.provider = provider;
    }

    @Override
    public void onEvent(SseEvent event) {
        if (assembler.isTerminated()) {
            return;
        }
        JsonNode data = parse(event.data());
        String type = data == null ? null : data.path("type").asText(null);
        if ("error".equals(event.event()) || "error".equals(type)) {
            onError(data);
            return;
        }
        if (type == null) {
            LOG.debug("Ignoring Anthropic stream event without a JSON type");
            return;
        }
        switch (type) {
            case "message_start":
                assembler.start();
                readUsage(data.path("message").path("usage"));
                break;
            case "content_block_start":
                onBlockStart(data.path("index").asInt(), data.path("content_block"));
                break;
            case "content_block_delta":
                onBlockDelta(data.path("index").asInt(), data.path("delta"));
                break;
            case "content_block_stop":
                onBlockStop(data.path("index").asInt());
                break;
            case "message_delta":
                onMessageDelta(data);
                break;
            case "message_stop":
                closeRuns();
                assembler.finish(stopReason);
                break;
            default:
                break; // ping and event types added after this was written
        }
    }

    @Override
    public void onEnd() {
        if (!assembler.isTerminated()) {
            assembler.fail(UpstreamErrors.streamInterrupted(provider));
        }
    }

    // ---- blocks ------------------------------------------------------------------------------------------------

    private void onBlockStart(int block, JsonNode content) {
        String type = content.path("type").asText();
        switch (type) {
            case "text":
                closeReasoning();
                if (openMessage < 0) {
                    openMessage = assembler.openMessage();
                }
                map(block, openMessage, Kind.TEXT);
                assembler.appendText(openMessage, content.path("text").asText(""));
                break;
            case "thinking":
            case "redacted_thinking":
                closeMessage();
                startThinking(block, (ObjectNode) content.deepCopy());
                break;
            case "tool_use":
                closeRuns();
                int index = assembler.openToolCall(content.path("id").asText(null), content.path("name").asText());
                map(block, index, Kind.TOOL);
                JsonNode input = content.path("input");
                if (input.isObject() && input.size() > 0) {
                    assembler.appendToolArguments(index, input.toString());
                }
                break;
            default:
                LOG.debug("Skipping Anthropic content block of type {}", type);
        }
    }

    private void startThinking(int block, ObjectNode raw) {
        if (openReasoning < 0) {
            openReasoning = assembler.openReasoning();
            reasoningBlocks = JsonNodeFactory.instance.arrayNode();
            reasoningHasSummary = false;
        }
        newSummaryPartPending = reasoningHasSummary;
        map(block, openReasoning, Kind.THINKING);
        thinkingByBlock.put(block, raw);
        appendThinking(raw.path("thinking").asText(""));
    }

    private void appendThinking(String text) {
        if (text.isEmpty()) {
            return;
        }
        if (newSummaryPartPending) {
            assembler.nextReasoningSummaryPart(openReasoning);
            newSummaryPartPending = false;
        }
        assembler.appendReasoningSummary(openReasoning, text);
        reasoningHasSummary = true;
    }

    private void onBlockDelta(int block, JsonNode delta) {
        Integer index = itemByBlock.get(block);
        if (index == null) {
            return;
        }
        switch (delta.path("type").asText()) {
            case "text_delta":
                assembler.appendText(index, delta.path("text").asText(""));
                break;
            case "input_json_delta":
                assembler.appendToolArguments(index, delta.path("partial_json").asText(""));
                break;
            case "thinking_delta":
                String text = delta.path("thinking").asText("");
                appendToRaw(block, "thinking", text);
                appendThinking(text);
                break;
            case "signature_delta":
                appendToRaw(block, "signature", delta.path("signature").asText(""));
                break;
            default:
                break; // citations_delta and future delta types
        }
    }

    private void appendToRaw(int block, String field, String more) {
        ObjectNode raw = thinkingByBlock.get(block);
        if (raw != null) {
            raw.put(field, raw.path(field).asText("") + more);
        }
    }

    private void onBlockStop(int block) {
        Kind kind = kindByBlock.get(block);
        if (kind == Kind.TOOL) {
            assembler.closeItem(itemByBlock.get(block));
        } else if (kind == Kind.THINKING) {
            ObjectNode raw = thinkingByBlock.remove(block);
            if (raw != null && reasoningBlocks != null) {
                reasoningBlocks.add(raw);
                assembler.setReasoningEncrypted(openReasoning,
                        ReasoningEnvelope.wrap(AnthropicMessageMapper.PROTOCOL, reasoningBlocks));
            }
        }
    }

    private void map(int block, int index, Kind kind) {
        itemByBlock.put(block, index);
        kindByBlock.put(block, kind);
    }

    private void closeRuns() {
        closeMessage();
        closeReasoning();
    }

    private void closeMessage() {
        if (openMessage >= 0) {
            assembler.closeItem(openMessage);
            openMessage = -1;
        }
    }

    private void closeReasoning() {
        if (openReasoning >= 0) {
            assembler.closeItem(openReasoning);
            openReasoning = -1;
            reasoningBlocks = null;
        }
    }

    // ---- message-level events ----------------------------------------------------------------------------------

    private void onMessageDelta(JsonNode data) {
        String reason = data.path("delta").path("stop_reason").asText(null);
        if (reason != null) {
            stopReason = stopReason(reason);
        }
        readUsage(data.path("usage"));
    }

    static StopReason stopReason(String reason) {
        switch (reason) {
            case "max_tokens":
            case "model_context_window_exceeded":
                return StopReason.MAX_OUTPUT_TOKENS;
            case "refusal":
                return StopReason.CONTENT_FILTER;
            default:
                return StopReason.COMPLETED;
        }
    }

    /** Anthropic reports running totals (input at the start, output growing to the end); absent fields keep their value. */
    private void readUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        inputTokens = usage.path("input_tokens").asLong(inputTokens);
        cacheReadTokens = usage.path("cache_read_input_tokens").asLong(cacheReadTokens);
        cacheWriteTokens = usage.path("cache_creation_input_tokens").asLong(cacheWriteTokens);
        outputTokens = usage.path("output_tokens").asLong(outputTokens);
        assembler.setUsage(new Usage(inputTokens + cacheReadTokens + cacheWriteTokens, cacheReadTokens,
                cacheWriteTokens, outputTokens, 0));
    }

    private void onError(JsonNode data) {
        JsonNode error = data == null ? null : data.path("error");
        String type = error == null ? null : error.path("type").asText(null);
        String message = error == null ? null : error.path("message").asText(null);
        assembler.fail(UpstreamErrors.streamError(provider, type, message));
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (Exception e) {
            LOG.debug("Ignoring Anthropic stream event whose data is not JSON");
            return null;
        }
    }
}
