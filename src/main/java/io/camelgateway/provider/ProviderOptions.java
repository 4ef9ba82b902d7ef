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
 * @param vertexProject        vertex: the Google Cloud project (unset: the service account's own project)
 * @param vertexRegion         vertex: the region ({@code global} or e.g. {@code us-east5})
 */
public record ProviderOptions(Integer connectTimeoutMs, Integer firstByteTimeoutMs, Integer idleTimeoutMs,
                              Long totalTimeoutMs, Integer maxRetries, Boolean keyRequired, String anthropicVersion,
                              String anthropicBeta, Set<String> anthropicBetaAllow, Integer maxTokens, Integer thinkingBudgetLow,
                              Integer thinkingBudgetMedium, Integer thinkingBudgetHigh, Integer thinkingBudgetXhigh,
                              boolean webSearch, String organization, String maxTokensField,
                              boolean sendReasoningEffort, String vertexProject, String vertexRegion) {

    /** The former {@code key=value,…} string, refused so that an old route does not lose its options silently. */
    public static final String REMOVED_OPTIONS_STRING = "options";

    /** The kamelet property names, as written in provider route files. */
    public static final List<String> NAMES = List.of("connect-timeout-ms", "first-byte-timeout-ms", "idle-timeout-ms",
            "total-timeout-ms", "max-retries", "key-required", "anthropic-version", "anthropic-beta", "anthropic-beta-allow",
            "max-tokens",
            "thinking-budget-low", "thinking-budget-medium", "thinking-budget-high", "thinking-budget-xhigh",
            "web-search", "organization", "max-tokens-field", "send-reasoning-effort", "vertex-project", "vertex-region",
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
                values.text("vertex-project"),
                values.text("vertex-region"));
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
