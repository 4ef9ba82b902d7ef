package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.TurnError;
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
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Canonical turn → {@code POST /model/{modelId}/converse} or {@code /converse-stream}, signed with SigV4. Only
 * fields Converse knows are sent (it rejects unknown ones).
 */
final class BedrockRequestMapper {

    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
    static final int MIN_THINKING_BUDGET = 1024;
    static final int THINKING_HEADROOM = 4096;
    static final int DEFAULT_THINKING_MAX_TOKENS = 8192;

    private static final Logger LOG = LoggerFactory.getLogger(BedrockRequestMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final BedrockCredentials credentials;
    private final PromptCachePolicy promptCache;

    BedrockRequestMapper(BedrockCredentials credentials) {
        this(credentials, PromptCachePolicy.OFF);
    }

    BedrockRequestMapper(BedrockCredentials credentials, PromptCachePolicy promptCache) {
        this.credentials = credentials;
        this.promptCache = promptCache;
    }

    UpstreamRequest map(TurnContext context) {
        ProviderTarget target = context.target();
        String path = path(target.upstreamModel(), context.request().stream());
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(body(context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the Bedrock request", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("accept", context.request().stream() ? EVENT_STREAM : "application/json");
        if (target.apiKey() != null) {
            // auth mode passthrough: the client's own Bedrock API key, sent as Bedrock takes API keys
            headers.put("authorization", "Bearer " + target.apiKey());
            return new UpstreamRequest(path, headers, body);
        }
        return new UpstreamRequest(path, BedrockSigner.sign(target.baseUrl() + path, headers, body,
                credentials(target), region(target)), body);
    }

    private static String region(ProviderTarget target) {
        String region = target.options().awsRegion();
        if (region == null || region.isBlank()) {
            throw new GatewayException(new TurnError(400, "gateway_configuration_error", "provider_key_missing",
                    "The gateway has no AWS region for provider '" + target.provider() + "': set AWS_REGION (or the "
                            + "route's aws-region) on the gateway; ask its operator.", null, null));
        }
        return region;
    }

    private AwsCredentialsIdentity credentials(ProviderTarget target) {
        AwsCredentialsIdentity identity = credentials.current();
        if (identity == null) {
            throw new GatewayException(new TurnError(400, "gateway_configuration_error", "provider_key_missing",
                    "The gateway has no AWS credentials for provider '" + target.provider() + "': none were found "
                            + "in the standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...); "
                            + "ask its operator.", null, null));
        }
        return identity;
    }

    /** The model id as one path segment, encoded as the AWS SDK does ({@code :} and {@code /} of ARNs included). */
    static String path(String modelId, boolean stream) {
        return "/model/" + SdkHttpUtils.urlEncode(modelId) + (stream ? "/converse-stream" : "/converse");
    }

    /** The request body; package-visible so tests can assert on the tree. */
    ObjectNode body(TurnContext context) {
        TurnRequest request = context.request();
        ProviderTarget target = context.target();
        ObjectNode body = NODES.objectNode();
        BedrockMessageMapper.Mapped mapped = BedrockMessageMapper.map(context);
        Integer budget = supportsThinking(target.upstreamModel()) ? thinkingBudget(request.reasoning(), target) : null;
        if (budget != null && !lastToolTurnStartsWithReasoning(mapped.messages())) {
            LOG.debug("Thinking disabled for this request: the pending tool call was made without thinking");
            budget = null;
        }
        body.set("messages", mapped.messages());
        if (!mapped.system().isEmpty()) {
            body.set("system", mapped.system());
        }
        ObjectNode inference = inferenceConfig(request, target, budget);
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        ObjectNode toolConfig = toolConfig(context, mapped.messages(), budget != null);
        if (toolConfig != null) {
            body.set("toolConfig", toolConfig);
        }
        if (budget != null) {
            ObjectNode thinking = body.putObject("additionalModelRequestFields").putObject("thinking");
            thinking.put("type", "enabled");
            thinking.put("budget_tokens", budget);
        }
        BedrockPromptCache.apply(body, target.upstreamModel(), promptCache);
        return body;
    }

    private static ObjectNode toolConfig(TurnContext context, ArrayNode messages, boolean thinking) {
        Map<String, ObjectNode> tools = BedrockToolMapper.tools(context);
        ToolChoice choice = context.request().toolChoice();
        boolean none = choice != null && choice.mode() == ToolChoice.Mode.NONE;
        boolean declared = !tools.isEmpty() && !none;
        if (!declared) {
            // Converse rejects toolUse/toolResult blocks unless tools are declared; it has no "none" choice
            tools = new LinkedHashMap<>();
            BedrockToolMapper.declareHistoricTools(messages, tools);
        }
        if (tools.isEmpty()) {
            return null;
        }
        ObjectNode config = NODES.objectNode();
        ArrayNode array = config.putArray("tools");
        tools.values().forEach(array::add);
        ObjectNode toolChoice = declared ? BedrockToolMapper.toolChoice(context, thinking) : null;
        if (toolChoice != null) {
            config.set("toolChoice", toolChoice);
        }
        return config;
    }

    /** Claude rejects temperature with thinking and top_p below 0.95 with thinking; the output limit must exceed the budget. */
    private static ObjectNode inferenceConfig(TurnRequest request, ProviderTarget target, Integer budget) {
        ObjectNode inference = NODES.objectNode();
        Integer maxTokens = request.maxOutputTokens() != null && request.maxOutputTokens() > 0
                ? request.maxOutputTokens() : target.options().maxTokens();
        if (budget != null) {
            int limit = maxTokens == null ? DEFAULT_THINKING_MAX_TOKENS : maxTokens;
            maxTokens = budget >= limit ? budget + THINKING_HEADROOM : limit;
        }
        if (maxTokens != null) {
            inference.put("maxTokens", maxTokens);
        }
        boolean thinking = budget != null;
        if (request.temperature() != null && !thinking) {
            inference.put("temperature", request.temperature());
        }
        if (request.topP() != null && (!thinking || request.topP() >= 0.95)
                && !(request.temperature() != null && isClaude(target.upstreamModel()))) {
            inference.put("topP", request.topP());
        }
        ArrayNode stops = NODES.arrayNode();
        for (String stop : request.stop()) {
            if (stop != null && !stop.isBlank()) {
                stops.add(stop);
            }
        }
        if (!stops.isEmpty()) {
            inference.set("stopSequences", stops);
        }
        return inference;
    }

    /** Extended thinking through {@code additionalModelRequestFields} is Claude's; other models reject the field. */
    static boolean supportsThinking(String modelId) {
        return isClaude(modelId);
    }

    private static boolean isClaude(String modelId) {
        return modelId != null && modelId.toLowerCase(Locale.ROOT).contains("anthropic.claude");
    }

    /** The thinking budget for the effort (the route's thinking-budget-* options), or null for no thinking. */
    static Integer thinkingBudget(ReasoningEffort reasoning, ProviderTarget target) {
        if (reasoning == null || reasoning.isOff()) {
            return null;
        }
        int budget = switch (reasoning.effort().toLowerCase(Locale.ROOT)) {
            case "low" -> Objects.requireNonNullElse(target.options().thinkingBudgetLow(), 2048);
            case "high" -> Objects.requireNonNullElse(target.options().thinkingBudgetHigh(), 16384);
            case "xhigh" -> Objects.requireNonNullElse(target.options().thinkingBudgetXhigh(), 32000);
            default -> Objects.requireNonNullElse(target.options().thinkingBudgetMedium(), 8192);
        };
        return budget <= 0 ? null : Math.max(MIN_THINKING_BUDGET, budget);
    }

    /**
     * With thinking on, Claude requires the assistant message whose tool calls are being answered to start with a
     * reasoning block. History from another provider (or from a turn without thinking) has none.
     */
    static boolean lastToolTurnStartsWithReasoning(ArrayNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if (!"assistant".equals(message.path("role").asText())) {
                continue;
            }
            JsonNode content = message.path("content");
            boolean hasToolUse = false;
            for (JsonNode block : content) {
                hasToolUse |= block.has("toolUse");
            }
            return !hasToolUse || (content.size() > 0 && content.get(0).has("reasoningContent"));
        }
        return true;
    }
}
