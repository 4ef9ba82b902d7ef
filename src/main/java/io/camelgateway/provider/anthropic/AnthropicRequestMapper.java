package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Canonical turn → {@code POST /v1/messages}. Only fields the Messages API knows are sent: it rejects unknown
 * top-level fields, so nothing of the client's request is passed through verbatim.
 */
public final class AnthropicRequestMapper {

    public static final String PATH = "/v1/messages";
    public static final String DEFAULT_VERSION = "2023-06-01";
    static final int DEFAULT_MAX_TOKENS = 8192;
    static final int MIN_THINKING_BUDGET = 1024;
    static final int THINKING_HEADROOM = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicRequestMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final PromptCachePolicy promptCache;

    public AnthropicRequestMapper() {
        this(PromptCachePolicy.OFF);
    }

    public AnthropicRequestMapper(PromptCachePolicy promptCache) {
        this.promptCache = promptCache;
    }

    public UpstreamRequest map(TurnContext context) {
        ProviderTarget target = context.target();
        Map<String, String> headers = new LinkedHashMap<>();
        if (target.apiKey() != null) {
            headers.put("x-api-key", target.apiKey());
        }
        headers.put("anthropic-version",
                Objects.requireNonNullElse(target.options().anthropicVersion(), DEFAULT_VERSION));
        headers.put("content-type", "application/json");
        String beta = target.options().anthropicBeta();
        if (beta != null) {
            headers.put("anthropic-beta", beta);
        }
        try {
            return new UpstreamRequest(PATH, headers, JSON.writeValueAsBytes(body(context)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the Anthropic request", e);
        }
    }

    /** The request body (Anthropic on Vertex AI sends it with its model moved into the URL). */
    public ObjectNode body(TurnContext context) {
        TurnRequest request = context.request();
        ProviderTarget target = context.target();
        ObjectNode body = NODES.objectNode();
        body.put("model", target.upstreamModel());

        int maxTokens = request.maxOutputTokens() != null && request.maxOutputTokens() > 0
                ? request.maxOutputTokens()
                : Objects.requireNonNullElse(target.options().maxTokens(), DEFAULT_MAX_TOKENS);
        AnthropicMessageMapper.Mapped mapped = AnthropicMessageMapper.map(context);
        Integer budget = thinkingBudget(request.reasoning(), target);
        if (budget != null && !lastToolTurnStartsWithThinking(mapped.messages())) {
            LOG.debug("Thinking disabled for this request: the pending tool call was made without thinking");
            budget = null;
        }
        if (budget != null && budget >= maxTokens) {
            maxTokens = budget + THINKING_HEADROOM;
        }
        body.put("max_tokens", maxTokens);
        if (!mapped.system().isEmpty()) {
            body.set("system", mapped.system());
        }
        body.set("messages", mapped.messages());

        Map<String, ObjectNode> tools = AnthropicToolMapper.tools(context);
        boolean toolsDeclared = !tools.isEmpty();
        if (!toolsDeclared) {
            AnthropicToolMapper.declareHistoricTools(mapped.messages(), tools);
        }
        if (!tools.isEmpty()) {
            ArrayNode array = body.putArray("tools");
            tools.values().forEach(array::add);
            body.set("tool_choice", toolsDeclared
                    ? AnthropicToolMapper.toolChoice(context, budget != null)
                    : NODES.objectNode().put("type", "none"));
        }
        if (budget != null) {
            ObjectNode thinking = body.putObject("thinking");
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", budget);
        }
        addSampling(body, request, budget != null);
        if (request.stream()) {
            body.put("stream", true);
        }
        if (request.user() != null && !request.user().isBlank()) {
            body.putObject("metadata").put("user_id", request.user());
        }
        AnthropicPromptCache.apply(body, promptCache);
        return body;
    }

    /** Anthropic rejects temperature with thinking, top_p below 0.95 with thinking, and (newer models) both at once. */
    private static void addSampling(ObjectNode body, TurnRequest request, boolean thinking) {
        if (request.temperature() != null && !thinking) {
            body.put("temperature", request.temperature());
        } else if (request.topP() != null && (!thinking || request.topP() >= 0.95)) {
            body.put("top_p", request.topP());
        }
        ArrayNode stops = NODES.arrayNode();
        for (String stop : request.stop()) {
            if (stop != null && !stop.isBlank()) {
                stops.add(stop);
            }
        }
        if (!stops.isEmpty()) {
            body.set("stop_sequences", stops);
        }
    }

    /** The thinking budget for the effort, or null for no thinking. */
    static Integer thinkingBudget(ReasoningEffort reasoning, ProviderTarget target) {
        if (reasoning == null || reasoning.isOff()) {
            return null;
        }
        String effort = reasoning.effort().toLowerCase(Locale.ROOT);
        int budget;
        switch (effort) {
            case "low":
                budget = Objects.requireNonNullElse(target.options().thinkingBudgetLow(), 2048);
                break;
            case "high":
                budget = Objects.requireNonNullElse(target.options().thinkingBudgetHigh(), 16384);
                break;
            case "xhigh":
                budget = Objects.requireNonNullElse(target.options().thinkingBudgetXhigh(), 32000);
                break;
            case "medium":
            default:
                budget = Objects.requireNonNullElse(target.options().thinkingBudgetMedium(), 8192);
        }
        return budget <= 0 ? null : Math.max(MIN_THINKING_BUDGET, budget);
    }

    /**
     * With thinking on, Anthropic requires the assistant message whose tool calls are being answered to start with
     * a thinking block. History from another provider (or from a turn without thinking) has none.
     */
    static boolean lastToolTurnStartsWithThinking(ArrayNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (!"assistant".equals(message.path("role").asText())) {
                continue;
            }
            JsonNode content = message.path("content");
            boolean hasToolUse = false;
            for (JsonNode block : content) {
                hasToolUse |= "tool_use".equals(block.path("type").asText());
            }
            return !hasToolUse || (content.size() > 0 && AnthropicMessageMapper.isThinking(content.get(0)));
        }
        return true;
    }
}
