package io.camelgateway.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.Usage;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;

/** Attribute names and values of the OpenTelemetry GenAI semantic conventions, and the gateway's own. */
final class GenAi {

    static final String OPERATION = "gen_ai.operation.name";
    static final String PROVIDER = "gen_ai.provider.name";
    static final String REQUEST_MODEL = "gen_ai.request.model";
    static final String RESPONSE_MODEL = "gen_ai.response.model";
    static final String RESPONSE_ID = "gen_ai.response.id";
    static final String MAX_TOKENS = "gen_ai.request.max_tokens";
    static final String TEMPERATURE = "gen_ai.request.temperature";
    static final String TOP_P = "gen_ai.request.top_p";
    static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
    static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    static final String CACHE_READ_TOKENS = "gen_ai.usage.cache_read.input_tokens";
    static final String CACHE_CREATION_TOKENS = "gen_ai.usage.cache_creation.input_tokens";
    static final String FINISH_REASONS = "gen_ai.response.finish_reasons";
    static final String INPUT_MESSAGES = "gen_ai.input.messages";
    static final String SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";

    static final String ROUTE_RULE = "gateway.route.rule";
    static final String COST_USD = "gateway.cost.usd";
    static final String CACHE = "gateway.cache";
    static final String KEY_ID = "gateway.key.id";
    static final String TEAM = "gateway.team";
    static final String PROVIDER_NAME = "gateway.provider";
    static final String TOOL_CALLS = "gateway.tool_calls";
    static final String USAGE_ESTIMATED = "gateway.usage.estimated";
    static final String CODEX_SESSION = "gateway.codex.session_id";
    static final String CODEX_THREAD = "gateway.codex.thread_id";
    static final String CODEX_TURN = "gateway.codex.turn_id";
    static final String COMPLETION = "gateway.completion";
    static final String FIRST_TOKEN_EVENT = "gateway.first_token";
    static final String TIME_TO_FIRST_TOKEN_MS = "gateway.time_to_first_token_ms";

    /** Most text kept of captured content per attribute. */
    static final int MAX_CONTENT_CHARS = 64 * 1024;

    /** The gateway's provider names that have a well-known {@code gen_ai.provider.name} of another spelling. */
    private static final Map<String, String> WELL_KNOWN = Map.of(
            "bedrock", "aws.bedrock",
            "gemini", "gcp.gemini",
            "vertex", "gcp.vertex_ai",
            "azure", "azure.ai.openai",
            "mistral", "mistral_ai",
            "xai", "x_ai");

    private GenAi() {
    }

    static String providerName(String provider) {
        return provider == null ? null : WELL_KNOWN.getOrDefault(provider, provider);
    }

    static void usage(Span span, Usage usage) {
        span.setAttribute(INPUT_TOKENS, usage.inputTokens());
        span.setAttribute(OUTPUT_TOKENS, usage.outputTokens());
        span.setAttribute(CACHE_READ_TOKENS, usage.cachedInputTokens());
        span.setAttribute(CACHE_CREATION_TOKENS, usage.cacheWriteTokens());
    }

    /**
     * The conventions' finish reason from what the relay saw: the provider's terminal event, whether the model
     * called tools, and whether the attempt completed.
     */
    static String finishReason(String terminalEvent, List<String> toolCalls, boolean completed, String errorCode) {
        String terminal = terminalEvent == null ? "" : terminalEvent.toLowerCase(java.util.Locale.ROOT);
        if (errorCode != null || terminal.contains("failed") || terminal.contains("error")) {
            return "error";
        }
        if (terminal.contains("incomplete") || terminal.contains("max_tokens")) {
            return "length";
        }
        if (terminal.contains("blocked") || terminal.contains("safety")) {
            return "content_filter";
        }
        if (!completed && terminal.isEmpty()) {
            return "error";
        }
        return toolCalls.isEmpty() ? "stop" : "tool_calls";
    }

    /** The request's output-token limit, whichever client API's field carries it. */
    static JsonNode maxTokens(JsonNode body) {
        for (String field : List.of("max_output_tokens", "max_completion_tokens", "max_tokens")) {
            JsonNode value = body.get(field);
            if (value != null && value.isIntegralNumber()) {
                return value;
            }
        }
        return null;
    }

    /** The request's messages (Responses {@code input}, Chat and Messages {@code messages}). */
    static JsonNode inputMessages(JsonNode body) {
        JsonNode input = body.get("input");
        return input != null ? input : body.get("messages");
    }

    /** The request's system prompt (Responses {@code instructions}, Messages {@code system}). */
    static JsonNode systemInstructions(JsonNode body) {
        JsonNode instructions = body.get("instructions");
        return instructions != null ? instructions : body.get("system");
    }

    static String bounded(String text) {
        return text.length() <= MAX_CONTENT_CHARS ? text : text.substring(0, MAX_CONTENT_CHARS);
    }
}
