package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.ProviderOptions;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canonical turn → a Gemini {@code GenerateContentRequest}. Only fields Gemini knows are sent (it rejects unknown
 * ones); where the request goes and how it is authenticated is the {@link GeminiEndpoint}'s business.
 */
public final class GeminiRequestMapper {

    /** Gemini accepts at most this many stop sequences. */
    static final int MAX_STOP_SEQUENCES = 5;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern GEMINI_2 = Pattern.compile("^gemini-2\\.[5-9]\\d*-(pro|flash-lite|flash)");

    private final GeminiEndpoint endpoint;
    private final String envelopeProtocol;

    /**
     * {@code envelopeProtocol} tags the thought signatures this codec hands out, so they come back only to a
     * codec using the same tag.
     */
    public GeminiRequestMapper(GeminiEndpoint endpoint, String envelopeProtocol) {
        this.endpoint = endpoint;
        this.envelopeProtocol = envelopeProtocol;
    }

    public UpstreamRequest map(TurnContext context) {
        boolean stream = context.request().stream();
        Map<String, String> headers = new LinkedHashMap<>();
        endpoint.authenticate(context, headers);
        headers.put("content-type", "application/json");
        headers.put("accept", stream ? "text/event-stream" : "application/json");
        try {
            return new UpstreamRequest(endpoint.path(context, stream), headers, JSON.writeValueAsBytes(body(context)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the Gemini request", e);
        }
    }

    /** The request body; package-visible so tests can assert on the tree. */
    ObjectNode body(TurnContext context) {
        TurnRequest request = context.request();
        ObjectNode body = NODES.objectNode();
        GeminiContentMapper.Mapped mapped = GeminiContentMapper.map(context, envelopeProtocol);
        if (!mapped.system().isBlank()) {
            body.putObject("systemInstruction").putArray("parts").add(GeminiContentMapper.text(mapped.system()));
        }
        body.set("contents", mapped.contents());
        Map<String, ObjectNode> declarations = GeminiToolMapper.declarations(context);
        if (!declarations.isEmpty()) {
            ArrayNode functions = body.putArray("tools").addObject().putArray("functionDeclarations");
            declarations.values().forEach(functions::add);
            ObjectNode toolConfig = GeminiToolMapper.toolConfig(context);
            if (toolConfig != null) {
                body.set("toolConfig", toolConfig);
            }
        }
        ObjectNode generation = generationConfig(request, context.target().upstreamModel(), context.target().options());
        if (!generation.isEmpty()) {
            body.set("generationConfig", generation);
        }
        return body;
    }

    private static ObjectNode generationConfig(TurnRequest request, String model, ProviderOptions options) {
        ObjectNode config = NODES.objectNode();
        if (request.maxOutputTokens() != null && request.maxOutputTokens() > 0) {
            config.put("maxOutputTokens", request.maxOutputTokens());
        }
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            config.put("topP", request.topP());
        }
        ArrayNode stops = NODES.arrayNode();
        for (String stop : request.stop()) {
            if (stop != null && !stop.isEmpty() && stops.size() < MAX_STOP_SEQUENCES) {
                stops.add(stop);
            }
        }
        if (!stops.isEmpty()) {
            config.set("stopSequences", stops);
        }
        addResponseFormat(request.textFormat(), config);
        ObjectNode thinking = thinkingConfig(request.reasoning(), model, options);
        if (thinking != null) {
            config.set("thinkingConfig", thinking);
        }
        return config;
    }

    /** Structured output: a JSON schema format → JSON answers that follow the (converted) schema. */
    private static void addResponseFormat(JsonNode format, ObjectNode config) {
        if (format == null || !format.isObject()) {
            return;
        }
        String type = format.path("type").asText("");
        if (type.equals("json_schema") || type.equals("json_object")) {
            config.put("responseMimeType", "application/json");
            JsonNode schema = format.has("schema") ? format.get("schema") : format.path("json_schema").get("schema");
            if (schema != null && schema.isObject()) {
                config.set("responseSchema", GeminiSchemaConverter.convert(schema));
            }
        }
    }

    /**
     * The reasoning effort → {@code thinkingConfig}: a {@code thinkingLevel} for Gemini 3 and later, a
     * {@code thinkingBudget} for Gemini 2.x (within each model's range), and thought summaries whenever the model
     * thinks. Null (the model's default) when the client sets no effort or the model is not a known Gemini.
     */
    static ObjectNode thinkingConfig(ReasoningEffort reasoning, String model, ProviderOptions options) {
        if (reasoning == null || reasoning.effort() == null) {
            return null;
        }
        String id = GeminiEndpoint.modelId(model).toLowerCase(Locale.ROOT);
        String effort = reasoning.effort().toLowerCase(Locale.ROOT);
        boolean off = reasoning.isOff();
        ObjectNode config = NODES.objectNode();
        if (GeminiContentMapper.demandsSignedCalls(id)) {
            config.put("thinkingLevel", thinkingLevel(effort, id.contains("flash")));
        } else {
            Matcher gemini2 = GEMINI_2.matcher(id);
            if (!gemini2.find()) {
                return null;
            }
            config.put("thinkingBudget", thinkingBudget(off ? "off" : effort, gemini2.group(1), options));
        }
        config.put("includeThoughts", !off);
        return config;
    }

    /** Gemini 3 Pro knows low and high; Flash also minimal and medium. */
    private static String thinkingLevel(String effort, boolean flash) {
        switch (effort) {
            case "none":
            case "minimal":
                return flash ? "minimal" : "low";
            case "low":
                return "low";
            case "medium":
                return flash ? "medium" : "high";
            default:
                return "high";
        }
    }

    /** Gemini 2.5 Pro thinks 128–32768 tokens and cannot stop; Flash 0–24576, Flash-Lite 0 or 512–24576. */
    private static int thinkingBudget(String effort, String family, ProviderOptions options) {
        int budget = switch (effort) {
            case "off" -> 0;
            case "low" -> Objects.requireNonNullElse(options.thinkingBudgetLow(), 1024);
            case "high" -> Objects.requireNonNullElse(options.thinkingBudgetHigh(), 16384);
            case "xhigh" -> Objects.requireNonNullElse(options.thinkingBudgetXhigh(), 32768);
            default -> Objects.requireNonNullElse(options.thinkingBudgetMedium(), 8192);
        };
        if (family.equals("pro")) {
            return Math.max(128, Math.min(32768, budget));
        }
        if (budget == 0) {
            return 0;
        }
        return Math.max(family.equals("flash-lite") ? 512 : 1, Math.min(24576, budget));
    }
}
