package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.UpstreamErrors;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ConverseStream events (one per eventstream frame, named by its event type) → {@link TurnStreamAssembler}.
 * Text and reasoning blocks have no {@code contentBlockStart}: their first delta opens them. Consecutive text
 * blocks form one message, consecutive reasoning blocks one reasoning item whose blocks (text with signature, or
 * redacted bytes) travel in a {@link ReasoningEnvelope}; each toolUse is one call, closed when its block stops.
 * {@code messageStop} carries the stop reason and {@code metadata} after it the usage: the turn finishes on
 * metadata, or at the end of the body when a stream stops without it.
 */
public final class BedrockStreamTranslator implements ProviderStreamTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(BedrockStreamTranslator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private enum Kind { TEXT, REASONING, TOOL }

    private final TurnStreamAssembler assembler;
    private final String provider;
    private final BedrockErrorMapper errors = new BedrockErrorMapper();
    /** Bedrock block index → canonical output index. */
    private final Map<Integer, Integer> itemByBlock = new HashMap<>();
    private final Map<Integer, Kind> kindByBlock = new HashMap<>();
    /** Reasoning blocks still streaming, as the Converse content blocks they will be restored as. */
    private final Map<Integer, ObjectNode> reasoningByBlock = new TreeMap<>();

    private int openMessage = -1;
    private int openReasoning = -1;
    private ArrayNode reasoningBlocks;
    private boolean reasoningHasSummary;
    private boolean newSummaryPartPending;
    private StopReason stopReason;

    public BedrockStreamTranslator(TurnStreamAssembler assembler, String provider) {
        this.assembler = assembler;
        this.provider = provider;
    }

    @Override
    public void onEvent(SseEvent event) {
        if (assembler.isTerminated()) {
            return;
        }
        String name = event.event() == null ? "" : event.event();
        JsonNode data = parse(event.data());
        switch (name) {
            case "messageStart" -> assembler.start();
            case "contentBlockStart" -> onBlockStart(data.path("contentBlockIndex").asInt(), data.path("start"));
            case "contentBlockDelta" -> onBlockDelta(data.path("contentBlockIndex").asInt(), data.path("delta"));
            case "contentBlockStop" -> onBlockStop(data.path("contentBlockIndex").asInt());
            case "messageStop" -> onMessageStop(data.path("stopReason").asText(""));
            case "metadata" -> {
                readUsage(data.path("usage"));
                if (stopReason != null) {
                    assembler.finish(stopReason);
                }
            }
            default -> {
                if (isError(name, data)) {
                    assembler.fail(errors.streamError(provider, name, data.path("message").asText(null)));
                } else {
                    LOG.debug("Ignoring ConverseStream event {}", name);
                }
            }
        }
    }

    @Override
    public void onEnd() {
        if (assembler.isTerminated()) {
            return;
        }
        if (stopReason != null) {
            assembler.finish(stopReason);
        } else {
            assembler.fail(UpstreamErrors.streamInterrupted(provider));
        }
    }

    /** Exception frames are named by their kind ({@code throttlingException}); error frames carry only a message. */
    private static boolean isError(String name, JsonNode data) {
        return name.toLowerCase(java.util.Locale.ROOT).endsWith("exception") || name.equals("error")
                || data.isObject() && data.has("message") && !data.has("contentBlockIndex");
    }

    // ---- blocks ------------------------------------------------------------------------------------------------

    private void onBlockStart(int block, JsonNode start) {
        JsonNode toolUse = start.get("toolUse");
        if (toolUse == null) {
            LOG.debug("Skipping ConverseStream block start without toolUse");
            return;
        }
        closeRuns();
        int index = assembler.openToolCall(toolUse.path("toolUseId").asText(null), toolUse.path("name").asText());
        map(block, index, Kind.TOOL);
    }

    private void onBlockDelta(int block, JsonNode delta) {
        if (delta.has("text")) {
            Integer index = itemByBlock.get(block);
            if (index == null) {
                closeReasoning();
                if (openMessage < 0) {
                    openMessage = assembler.openMessage();
                }
                index = openMessage;
                map(block, index, Kind.TEXT);
            }
            if (kindByBlock.get(block) == Kind.TEXT) {
                assembler.appendText(index, delta.path("text").asText(""));
            }
        } else if (delta.has("toolUse")) {
            Integer index = itemByBlock.get(block);
            if (index != null && kindByBlock.get(block) == Kind.TOOL) {
                assembler.appendToolArguments(index, delta.path("toolUse").path("input").asText(""));
            }
        } else if (delta.has("reasoningContent")) {
            onReasoningDelta(block, delta.path("reasoningContent"));
        }
    }

    private void onReasoningDelta(int block, JsonNode reasoning) {
        if (!itemByBlock.containsKey(block)) {
            closeMessage();
            if (openReasoning < 0) {
                openReasoning = assembler.openReasoning();
                reasoningBlocks = NODES.arrayNode();
                reasoningHasSummary = false;
            }
            newSummaryPartPending = reasoningHasSummary;
            map(block, openReasoning, Kind.REASONING);
        }
        if (kindByBlock.get(block) != Kind.REASONING) {
            return;
        }
        ObjectNode raw = reasoningByBlock.computeIfAbsent(block, b -> NODES.objectNode());
        ObjectNode content = raw.has("reasoningContent") ? (ObjectNode) raw.get("reasoningContent")
                : raw.putObject("reasoningContent");
        if (reasoning.has("redactedContent")) {
            content.put("redactedContent", content.path("redactedContent").asText("")
                    + reasoning.path("redactedContent").asText(""));
            return;
        }
        ObjectNode text = content.has("reasoningText") ? (ObjectNode) content.get("reasoningText")
                : content.putObject("reasoningText");
        if (reasoning.has("text")) {
            String more = reasoning.path("text").asText("");
            text.put("text", text.path("text").asText("") + more);
            appendSummary(more);
        }
        if (reasoning.has("signature")) {
            text.put("signature", text.path("signature").asText("") + reasoning.path("signature").asText(""));
        }
    }

    private void appendSummary(String text) {
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

    private void onBlockStop(int block) {
        Kind kind = kindByBlock.get(block);
        if (kind == Kind.TOOL) {
            assembler.closeItem(itemByBlock.get(block));
        } else if (kind == Kind.REASONING) {
            keepReasoningBlock(block);
        }
    }

    private void keepReasoningBlock(int block) {
        ObjectNode raw = reasoningByBlock.remove(block);
        if (raw != null && reasoningBlocks != null) {
            reasoningBlocks.add(raw);
            assembler.setReasoningEncrypted(openReasoning, ReasoningEnvelope.wrap(BedrockMessageMapper.PROTOCOL,
                    reasoningBlocks));
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
            for (Integer block : reasoningByBlock.keySet().toArray(new Integer[0])) {
                keepReasoningBlock(block);
            }
            assembler.closeItem(openReasoning);
            openReasoning = -1;
            reasoningBlocks = null;
        }
    }

    // ---- message-level events ----------------------------------------------------------------------------------

    private void onMessageStop(String reason) {
        closeRuns();
        if (reason.equals("guardrail_intervened") || reason.equals("content_filtered")) {
            assembler.fail(new TurnError(400, "invalid_request_error", "content_filter", provider
                    + ": the answer was blocked by Bedrock (" + reason + "): a guardrail or content filter intervened",
                    null, null));
            return;
        }
        stopReason = stopReason(reason);
    }

    static StopReason stopReason(String reason) {
        return switch (reason) {
            case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_OUTPUT_TOKENS;
            default -> StopReason.COMPLETED;
        };
    }

    /** Converse reports input apart from cache reads and writes; canonical input counts them all. */
    private void readUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        long cacheRead = usage.path("cacheReadInputTokens").asLong(0);
        long cacheWrite = usage.path("cacheWriteInputTokens").asLong(0);
        assembler.setUsage(new Usage(usage.path("inputTokens").asLong(0) + cacheRead + cacheWrite, cacheRead,
                cacheWrite, usage.path("outputTokens").asLong(0), 0));
    }

    private static JsonNode parse(String data) {
        try {
            JsonNode node = data == null || data.isEmpty() ? null : JSON.readTree(data);
            return node == null ? JSON.missingNode() : node;
        } catch (Exception e) {
            LOG.debug("Ignoring ConverseStream event whose payload is not JSON");
            return JSON.missingNode();
        }
    }
}
