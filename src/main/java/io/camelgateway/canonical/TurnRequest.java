package io.camelgateway.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One model turn as the client asked for it, in the gateway's canonical (Responses-shaped) form.
 *
 * @param model            the model the client named (alias or {@code provider/id})
 * @param instructions     the older top-level {@code instructions}, or null
 * @param input            the whole history, in order
 * @param tools            declared tools, {@code additional_tools} already hoisted
 * @param textFormat       the Responses {@code text.format} (structured output), or null
 * @param metadata         fields of the client request the gateway passes along untouched, or null
 * @param promptCacheKey   the client's {@code prompt_cache_key} (Codex sends its thread id), or null
 */
public record TurnRequest(
        String model,
        String instructions,
        List<Item> input,
        List<ToolSpec> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        ReasoningEffort reasoning,
        Integer maxOutputTokens,
        Double temperature,
        Double topP,
        List<String> stop,
        JsonNode textFormat,
        boolean stream,
        String user,
        JsonNode metadata,
        String promptCacheKey) {

    /** A turn without a prompt cache key. */
    public TurnRequest(String model, String instructions, List<Item> input, List<ToolSpec> tools,
                       ToolChoice toolChoice, Boolean parallelToolCalls, ReasoningEffort reasoning,
                       Integer maxOutputTokens, Double temperature, Double topP, List<String> stop,
                       JsonNode textFormat, boolean stream, String user, JsonNode metadata) {
        this(model, instructions, input, tools, toolChoice, parallelToolCalls, reasoning, maxOutputTokens,
                temperature, topP, stop, textFormat, stream, user, metadata, null);
    }

    public TurnRequest {
        input = List.copyOf(input);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
    }

    public TurnRequest withModel(String newModel) {
        return new TurnRequest(newModel, instructions, input, tools, toolChoice, parallelToolCalls, reasoning,
                maxOutputTokens, temperature, topP, stop, textFormat, stream, user, metadata, promptCacheKey);
    }
}
