package io.camelgateway.provider;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The typed options of one provider, each a property of the {@code llm-provider-action} kamelet set in the provider's
 * route file. A value that is not of its type is refused ({@link InvalidOption}), never replaced by a default.
 * Null (or false) means the route leaves the option unset and the gateway's setting or the protocol's default applies.
 *
 * @param connectTimeoutMs     overrides {@code gateway.upstream.connect-timeout-ms}
 * @param firstByteTimeoutMs   overrides {@code gateway.upstream.first-byte-timeout-ms}
 * @param idleTimeoutMs        overrides {@code gateway.upstream.idle-timeout-ms}
 * @param totalTimeoutMs       overrides {@code gateway.upstream.total-timeout-ms}
 * @param maxRetries           overrides {@code gateway.retry.max-retries}
 * @param keyRequired          whether a turn without the key set is refused (unset: true except for openai-chat)
 * @param anthropicVersion     anthropic: the {@code anthropic-version} header
 * @param anthropicBeta        anthropic: the {@code anthropic-beta} header sent on translated turns
 * @param anthropicBetaAllow   anthropic: the only beta flags a relayed client's {@code anthropic-beta} may carry
 *                             upstream (an Anthropic-compatible host that rejects unknown flags); null: all
 * @param maxTokens            anthropic: {@code max_tokens} when the client sets none
 * @param thinkingBudgetLow    anthropic: thinking budget for reasoning effort low (and minimal); 0 turns thinking off
 * @param thinkingBudgetMedium anthropic: thinking budget for reasoning effort medium (and an unknown effort)
 * @param thinkingBudgetHigh   anthropic: thinking budget for reasoning effort high
 * @param thinkingBudgetXhigh  anthropic: thinking budget for reasoning effort xhigh
 * @param webSearch            anthropic: map the client's hosted web_search tool to Anthropic's server tool
 * @param organization         openai: the {@code OpenAI-Organization} header
 * @param maxTokensField       openai-chat: the body field that carries the output token limit
 * @param sendReasoningEffort  openai-chat: forward the reasoning effort as {@code reasoning_effort}
 * @param awsRegion            bedrock: the AWS region requests are signed for
 * @param chat                 openai-chat (and azure on chat completions): what the server cannot take
 * @param azure                azure: API version, which API a deployment uses, deployment names, auth header
 * @param vertexProject        vertex: the Google Cloud project (unset: the service account's own project)
 * @param vertexRegion         vertex: the region ({@code global} or e.g. {@code us-east5})
 */
public record ProviderOptions(Integer connectTimeoutMs, Integer firstByteTimeoutMs, Integer idleTimeoutMs,
                              Long totalTimeoutMs, Integer maxRetries, Boolean keyRequired, String anthropicVersion,
                              String anthropicBeta, Set<String> anthropicBetaAllow, Integer maxTokens, Integer thinkingBudgetLow,
                              Integer thinkingBudgetMedium, Integer thinkingBudgetHigh, Integer thinkingBudgetXhigh,
                              boolean webSearch, String organization, String maxTokensField,
                              boolean sendReasoningEffort, String awsRegion, ChatCapabilities chat,
                              AzureOptions azure, String vertexProject, String vertexRegion) {

    /** The former {@code key=value,…} string, refused so that an old route does not lose its options silently. */
    public static final String REMOVED_OPTIONS_STRING = "options";

    /** The kamelet property names, as written in provider route files. */
    public static final List<String> NAMES = List.of("connect-timeout-ms", "first-byte-timeout-ms", "idle-timeout-ms",
            "total-timeout-ms", "max-retries", "key-required", "anthropic-version", "anthropic-beta", "anthropic-beta-allow",
            "max-tokens",
            "thinking-budget-low", "thinking-budget-medium", "thinking-budget-high", "thinking-budget-xhigh",
            "web-search", "organization", "max-tokens-field", "send-reasoning-effort", "aws-region",
            "parallel-tool-calls", "images", "reasoning-field", "tool-choice-required", "strict-schemas",
            "api-version", "azure-api", "deployments", "azure-auth", "vertex-project", "vertex-region",
            REMOVED_OPTIONS_STRING);

    public static final ProviderOptions NONE = of(Map.of());

    /** A value a provider route set that is not of its option's type. */
    public static final class InvalidOption extends IllegalArgumentException {
        private final String name;

        InvalidOption(String name, String value, String expected) {
            this(name, name + ": '" + value + "' is not " + expected);
        }

        private InvalidOption(String name, String message) {
            super(message);
            this.name = name;
        }

        /** The kamelet property that holds the bad value. */
        public String name() {
            return name;
        }
    }

    /**
     * Parses the options from where a provider route put them: {@code valueOf} answers a kamelet property name with
     * its value, or null.
     *
     * @throws InvalidOption for the first value that is not of its type
     */
    public static ProviderOptions read(Function<String, String> valueOf) {
        Map<String, String> byName = new HashMap<>();
        for (String name : NAMES) {
            String value = valueOf.apply(name);
            if (value != null) {
                byName.put(name, value);
            }
        }
        return of(byName);
    }

    /**
     * Parses the options by kamelet property name; absent and blank values leave an option unset.
     *
     * @throws InvalidOption for the first value that is not of its type
     */
    public static ProviderOptions of(Map<String, String> byName) {
        Values values = new Values(byName);
        if (values.text(REMOVED_OPTIONS_STRING) != null) {
            throw new InvalidOption(REMOVED_OPTIONS_STRING, "options: the key=value string is no longer read; set each "
                    + "option as its own property (e.g. first-byte-timeout-ms: 500, key-required: true)");
        }
        return new ProviderOptions(
                values.count("connect-timeout-ms", 0),
                values.count("first-byte-timeout-ms", 0),
                values.count("idle-timeout-ms", 0),
                values.duration("total-timeout-ms"),
                values.count("max-retries", 0),
                values.flag("key-required"),
                values.text("anthropic-version"),
                values.text("anthropic-beta"),
                values.list("anthropic-beta-allow"),
                values.count("max-tokens", 1),
                values.count("thinking-budget-low", 0),
                values.count("thinking-budget-medium", 0),
                values.count("thinking-budget-high", 0),
                values.count("thinking-budget-xhigh", 0),
                Boolean.TRUE.equals(values.flag("web-search")),
                values.text("organization"),
                values.text("max-tokens-field"),
                Boolean.TRUE.equals(values.flag("send-reasoning-effort")),
                values.text("aws-region"),
                new ChatCapabilities(values.flag("parallel-tool-calls"), values.flag("images"),
                        values.oneOf("reasoning-field", ChatCapabilities.REASONING_FIELDS),
                        values.flag("tool-choice-required"), values.flag("strict-schemas")),
                new AzureOptions(values.text("api-version"), values.oneOf("azure-api", AzureOptions.APIS),
                        values.pairs("deployments"), values.oneOf("azure-auth", AzureOptions.AUTHS)),
                values.text("vertex-project"),
                values.text("vertex-region"));
    }

    /**
     * What an OpenAI-compatible chat server cannot take; each unset flag (null) means it can, and the client's
     * request is translated as is.
     *
     * @param parallelToolCalls  false: the server does not do parallel calls: {@code parallel_tool_calls: false} is
     *                           sent, and history with several calls in one assistant turn is sent one call each
     * @param images             false: the model takes no images; a turn with image input is refused with 400
     *                           {@code unsupported_content} before going upstream
     * @param reasoningField     the assistant message field the server reads reasoning from in the current tool loop
     *                           ({@code reasoning_content} or {@code reasoning}); unset: reasoning is not sent back
     * @param toolChoiceRequired false: {@code tool_choice: "required"} is refused by the server; sent as auto
     * @param strictSchemas      false: {@code strict} is refused on tool and response schemas; left out
     */
    public record ChatCapabilities(Boolean parallelToolCalls, Boolean images, String reasoningField,
                                   Boolean toolChoiceRequired, Boolean strictSchemas) {

        static final Set<String> REASONING_FIELDS = Set.of("reasoning_content", "reasoning");

        /** True when a flag changes the translation, so even a Chat Completions client cannot be relayed as is. */
        public boolean restrictsTranslation() {
            return Boolean.FALSE.equals(parallelToolCalls) || Boolean.FALSE.equals(images) || reasoningField != null
                    || Boolean.FALSE.equals(toolChoiceRequired) || Boolean.FALSE.equals(strictSchemas);
        }

        public boolean noParallelToolCalls() {
            return Boolean.FALSE.equals(parallelToolCalls);
        }

        public boolean noImages() {
            return Boolean.FALSE.equals(images);
        }

        public boolean noToolChoiceRequired() {
            return Boolean.FALSE.equals(toolChoiceRequired);
        }

        public boolean noStrictSchemas() {
            return Boolean.FALSE.equals(strictSchemas);
        }
    }

    /**
     * Azure OpenAI.
     *
     * @param apiVersion  the {@code api-version} query parameter of deployment paths
     * @param api         {@code chat}: deployments' chat completions; {@code responses}: the v1 Responses API;
     *                    {@code auto} (unset): Responses clients (Codex) on v1 Responses, the others on chat
     * @param deployments model name → deployment name; a model not listed is its own deployment name
     * @param auth        {@code api-key}, {@code bearer} (an Entra ID token), or {@code auto} (unset): a token shaped
     *                    like a JWT goes as a bearer, any other as {@code api-key}
     */
    public record AzureOptions(String apiVersion, String api, Map<String, String> deployments, String auth) {

        static final Set<String> APIS = Set.of("chat", "responses", "auto");
        static final Set<String> AUTHS = Set.of("api-key", "bearer", "auto");

        public AzureOptions {
            deployments = deployments == null ? Map.of() : Map.copyOf(deployments);
        }
    }

    private record Values(Map<String, String> byName) {

        String text(String name) {
            String value = byName.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        /** A comma-separated list; null when unset. */
        Set<String> list(String name) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            Set<String> items = new LinkedHashSet<>();
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
            return Set.copyOf(items);
        }

        /** One of {@code allowed}, or null when unset. */
        String oneOf(String name, Set<String> allowed) {
            String value = text(name);
            if (value != null && !allowed.contains(value)) {
                throw new InvalidOption(name, value, "one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            return value;
        }

        /** {@code a=b,c=d}; empty when unset. */
        Map<String, String> pairs(String name) {
            Map<String, String> pairs = new java.util.LinkedHashMap<>();
            Set<String> items = list(name);
            if (items == null) {
                return pairs;
            }
            for (String item : items) {
                int equals = item.indexOf('=');
                if (equals <= 0 || equals == item.length() - 1) {
                    throw new InvalidOption(name, text(name), "a list of model=deployment pairs");
                }
                pairs.put(item.substring(0, equals).trim(), item.substring(equals + 1).trim());
            }
            return pairs;
        }

        Integer count(String name, int minimum) {
            Long value = number(name, minimum);
            if (value != null && value > Integer.MAX_VALUE) {
                throw new InvalidOption(name, text(name), "a whole number up to " + Integer.MAX_VALUE);
            }
            return value == null ? null : value.intValue();
        }

        Long duration(String name) {
            return number(name, 0);
        }

        private Long number(String name, int minimum) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= minimum) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with what was expected
            }
            throw new InvalidOption(name, value, "a whole number of at least " + minimum);
        }

        Boolean flag(String name) {
            String value = text(name);
            if (value == null) {
                return null;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidOption(name, value, "true or false");
            };
        }
    }
}
