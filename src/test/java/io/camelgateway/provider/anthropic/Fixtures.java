package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for canonical requests and contexts in tests. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static ProviderTarget target(Map<String, String> options) {
        return new ProviderTarget("anthropic", "anthropic", "https://api.anthropic.com", "sk-ant-test",
                "claude-sonnet-4-5", options);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A mutable request description; {@link #context()} freezes it. */
    static final class Req {
        String instructions;
        List<Item> input = List.of();
        List<ToolSpec> tools = List.of();
        ToolChoice toolChoice;
        Boolean parallelToolCalls;
        String effort;
        Integer maxOutputTokens;
        Double temperature;
        Double topP;
        List<String> stop;
        boolean stream = true;
        String user;
        Map<String, String> options = new HashMap<>();

        Req input(Item... items) {
            input = List.of(items);
            return this;
        }

        Req tools(ToolSpec... specs) {
            tools = List.of(specs);
            return this;
        }

        Req option(String name, String value) {
            options.put(name, value);
            return this;
        }

        TurnRequest request() {
            return new TurnRequest("gw-model", instructions, input, tools, toolChoice, parallelToolCalls,
                    effort == null ? null : new ReasoningEffort(effort, "auto"), maxOutputTokens, temperature, topP,
                    stop, null, stream, user, null);
        }

        TurnContext context() {
            TurnRequest request = request();
            return new TurnContext(request, target(options), ToolNameMap.forRequest(request, ToolNameRules.ANTHROPIC));
        }
    }

    static Req req() {
        return new Req();
    }
}
