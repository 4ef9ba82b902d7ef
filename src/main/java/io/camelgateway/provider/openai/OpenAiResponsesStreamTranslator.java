package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import io.camelgateway.http.SseEvent;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ProviderStreamTranslator;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Responses API SSE → {@link TurnStreamAssembler}. Output items are keyed by their {@code output_index}, so
 * parallel calls keep their order and ids. Deltas stream as they come; {@code response.output_item.done} is
 * authoritative: whatever the deltas missed of its final text or arguments is added before the item closes.
 * Reasoning text (servers that expose it) streams as the reasoning summary. Items the provider ran itself (web
 * search calls and the like) are not for the client and are skipped.
 */
public final class OpenAiResponsesStreamTranslator implements ProviderStreamTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiResponsesStreamTranslator.class);

    private enum Kind { MESSAGE, REASONING, FUNCTION, CUSTOM, TOOL_SEARCH, SKIPPED }

    /** One upstream output item and what of it reached the assembler. */
    private static final class Output {
        final Kind kind;
        final int index;
        final StringBuilder streamed = new StringBuilder();
        ReasoningSummaryStream summary;
        boolean done;

        Output(Kind kind, int index) {
            this.kind = kind;
            this.index = index;
        }
    }

    private final TurnStreamAssembler assembler;
    private final ToolNameMap tools;
    private final String provider;
    private final Map<Integer, Output> byOutputIndex = new LinkedHashMap<>();
    private final Map<String, Output> byItemId = new LinkedHashMap<>();

    public OpenAiResponsesStreamTranslator(TurnContext context, TurnStreamAssembler assembler) {
        this.assembler = assembler;
        this.tools = context.tools();
        this.provider = context.target().provider();
    }

    @Override
    public void onEvent(SseEvent event) {
        if (assembler.isTerminated()) {
            return;
        }
        JsonNode data = parse(event.data());
        if (data == null) {
            return;
        }
        String type = Json.str(data, "type") != null ? Json.str(data, "type") : event.event();
        if (type == null) {
            LOG.debug("ignoring a Responses stream event without a type");
            return;
        }
        switch (type) {
            case "response.created":
            case "response.in_progress":
            case "response.queued":
                assembler.start();
                break;
            case "response.output_item.added":
                onItemAdded(data);
                break;
            case "response.output_text.delta":
            case "response.refusal.delta":
                onTextDelta(data);
                break;
            case "response.reasoning_summary_part.added":
                onSummaryPart(data);
                break;
            case "response.reasoning_summary_text.delta":
                onSummaryDelta(data, data.path("summary_index").asInt(0));
                break;
            case "response.reasoning_text.delta":
                onSummaryDelta(data, -1);
                break;
            case "response.function_call_arguments.delta":
                onArgumentsDelta(data, Kind.FUNCTION, Json.str(data, "delta"));
                break;
            case "response.custom_tool_call_input.delta":
                onArgumentsDelta(data, Kind.CUSTOM, Json.str(data, "delta"));
                break;
            case "response.output_item.done":
                onItemDone(data);
                break;
            case "response.completed":
            case "response.incomplete":
                onFinished(data.path("response"));
                break;
            case "response.failed":
                assembler.fail(OpenAiResponsesWire.failure(provider, data.path("response").path("error")));
                break;
            case "error":
                assembler.fail(OpenAiResponsesWire.failure(provider, data));
                break;
            default:
                break; // *.done duplicates of what the item done carries, annotations, hosted-tool progress
        }
    }

    @Override
    public void onEnd() {
        if (!assembler.isTerminated()) {
            assembler.fail(UpstreamErrors.streamInterrupted(provider));
        }
    }

    // ---- items -------------------------------------------------------------------------------------------------

    private void onItemAdded(JsonNode data) {
        if (find(data) == null) {
            open(data, data.path("item"));
        }
    }

    private Output open(JsonNode data, JsonNode item) {
        String type = Json.str(item, "type");
        Output output;
        if ("message".equals(type)) {
            output = new Output(Kind.MESSAGE, assembler.openMessage());
        } else if ("reasoning".equals(type)) {
            output = new Output(Kind.REASONING, assembler.openReasoning());
            output.summary = new ReasoningSummaryStream(assembler, output.index);
            setEncrypted(output, item);
        } else if ("function_call".equals(type)) {
            String name = Json.str(item, "name");
            String namespace = Json.str(item, "namespace");
            String wire = namespace == null ? name : tools.wireName(namespace, name);
            output = new Output(Kind.FUNCTION, assembler.openToolCall(Json.str(item, "call_id"), wire));
            appendArguments(output, Json.str(item, "arguments"));
        } else if ("custom_tool_call".equals(type)) {
            output = new Output(Kind.CUSTOM, assembler.openToolCall(Json.str(item, "call_id"), Json.str(item, "name")));
            assembler.appendToolArguments(output.index, "{\"input\":\"");
            appendArguments(output, Json.str(item, "input"));
        } else if ("tool_search_call".equals(type)) {
            output = new Output(Kind.TOOL_SEARCH,
                    assembler.openToolCall(Json.str(item, "call_id"), ToolNameMap.TOOL_SEARCH_NAME));
        } else {
            LOG.debug("skipping a {} output item: the provider runs it itself", type);
            output = new Output(Kind.SKIPPED, -1);
        }
        byOutputIndex.put(data.path("output_index").asInt(byOutputIndex.size()), output);
        String id = Json.str(item, "id");
        if (id != null) {
            byItemId.put(id, output);
        }
        return output;
    }

    private void onItemDone(JsonNode data) {
        JsonNode item = data.path("item");
        Output found = find(data);
        Output output = found != null ? found : open(data, item); // some streams send only finished items
        if (output.done || output.kind == Kind.SKIPPED) {
            return;
        }
        switch (output.kind) {
            case MESSAGE:
                appendMissing(output, messageText(item), text -> assembler.appendText(output.index, text));
                break;
            case REASONING:
                List<String> summary = texts(item.path("summary"));
                output.summary.complete(summary.isEmpty() ? texts(item.path("content")) : summary);
                setEncrypted(output, item);
                break;
            case FUNCTION:
                appendMissing(output, Json.str(item, "arguments"), args -> assembler.appendToolArguments(output.index, args));
                break;
            case CUSTOM:
                appendMissing(output, Json.str(item, "input"),
                        input -> assembler.appendToolArguments(output.index, OpenAiToolCalls.escape(input)));
                break;
            case TOOL_SEARCH:
                JsonNode arguments = item.path("arguments");
                assembler.appendToolArguments(output.index, arguments.isObject() ? arguments.toString() : "{}");
                break;
            default:
                break;
        }
        close(output);
    }

    private void close(Output output) {
        if (output.kind == Kind.CUSTOM) {
            assembler.appendToolArguments(output.index, "\"}");
        }
        output.done = true;
        assembler.closeItem(output.index);
    }

    private void onTextDelta(JsonNode data) {
        Output output = find(data);
        String delta = Json.str(data, "delta");
        if (output != null && output.kind == Kind.MESSAGE && !output.done && delta != null) {
            output.streamed.append(delta);
            assembler.appendText(output.index, delta);
        }
    }

    private void onArgumentsDelta(JsonNode data, Kind kind, String delta) {
        Output output = find(data);
        if (output != null && output.kind == kind && !output.done) {
            appendArguments(output, delta);
        }
    }

    private void appendArguments(Output output, String piece) {
        if (piece == null || piece.isEmpty()) {
            return;
        }
        output.streamed.append(piece);
        assembler.appendToolArguments(output.index, output.kind == Kind.CUSTOM ? OpenAiToolCalls.escape(piece) : piece);
    }

    /** Adds what the deltas missed of {@code complete}; a final value that contradicts them is logged, not replayed. */
    private static void appendMissing(Output output, String complete, Consumer<String> append) {
        String streamed = output.streamed.toString();
        if (complete == null || complete.equals(streamed)) {
            return;
        }
        if (complete.startsWith(streamed)) {
            String rest = complete.substring(streamed.length());
            output.streamed.append(rest);
            append.accept(rest);
        } else {
            LOG.warn("an output item's final content differs from its streamed deltas; the client keeps the deltas");
        }
    }

    // ---- reasoning ---------------------------------------------------------------------------------------------

    private void onSummaryPart(JsonNode data) {
        Output output = find(data);
        if (output != null && output.kind == Kind.REASONING && !output.done) {
            output.summary.partAdded(data.path("summary_index").asInt(0));
        }
    }

    /** {@code summaryIndex} -1: reasoning text, which continues the current summary part. */
    private void onSummaryDelta(JsonNode data, int summaryIndex) {
        Output output = find(data);
        if (output != null && output.kind == Kind.REASONING && !output.done) {
            output.summary.append(summaryIndex, Json.str(data, "delta"));
        }
    }

    private void setEncrypted(Output output, JsonNode item) {
        String encrypted = Json.str(item, "encrypted_content");
        if (encrypted != null) {
            assembler.setReasoningEncrypted(output.index, encrypted);
        }
    }

    // ---- the end -----------------------------------------------------------------------------------------------

    /** {@code response.completed} or {@code response.incomplete}: usage, then the turn ends. */
    private void onFinished(JsonNode response) {
        Usage usage = OpenAiResponsesWire.usage(response.get("usage"));
        if (usage != null) {
            assembler.setUsage(usage);
        }
        StopReason reason = OpenAiResponsesWire.stopReason(response);
        for (Output output : byOutputIndex.values()) {
            if (!output.done && output.kind == Kind.CUSTOM) {
                close(output); // cut at the token limit: its input ends where the model stopped
            }
        }
        assembler.finish(reason);
    }

    private Output find(JsonNode data) {
        JsonNode index = data.get("output_index");
        if (index != null && index.canConvertToInt()) {
            return byOutputIndex.get(index.asInt());
        }
        String itemId = Json.str(data, "item_id");
        if (itemId == null) {
            itemId = Json.str(data.path("item"), "id");
        }
        return itemId == null ? null : byItemId.get(itemId);
    }

    private static List<String> texts(JsonNode parts) {
        List<String> out = new ArrayList<>();
        for (JsonNode part : parts) {
            String text = Json.str(part, "text");
            if (text != null) {
                out.add(text);
            }
        }
        return out;
    }

    private static String messageText(JsonNode item) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : item.path("content")) {
            String piece = "refusal".equals(Json.str(part, "type")) ? Json.str(part, "refusal") : Json.str(part, "text");
            if (piece != null) {
                text.append(piece);
            }
        }
        return text.toString();
    }

    private static JsonNode parse(String data) {
        if (data == null || data.isBlank() || "[DONE]".equals(data.trim())) {
            return null;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(data);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            LOG.debug("ignoring a Responses stream event whose data is not JSON ({} chars)", data.length());
            return null;
        }
    }
}
