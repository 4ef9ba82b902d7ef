package io.camelgateway.api.messages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.json.Json;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tools} and {@code tool_choice} → canonical. A client tool's {@code input_schema} becomes the function's
 * parameters as it is ({@code $schema}, {@code additionalProperties} kept; a provider that cannot take them strips
 * them). Tools marked {@code defer_loading} are left out (only Anthropic loads them on demand); Anthropic's server
 * tools (a {@code type} other than {@code custom}) are kept as hosted tools for the provider codec to judge.
 */
final class MessagesToolDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(MessagesToolDecoder.class);

    private MessagesToolDecoder() {
    }

    static List<ToolSpec> tools(JsonNode tools) {
        List<ToolSpec> out = new ArrayList<>();
        if (tools == null || !tools.isArray()) {
            return out;
        }
        for (JsonNode tool : tools) {
            String name = Json.str(tool, "name");
            if (tool.path("defer_loading").asBoolean(false)) {
                LOG.debug("Leaving out deferred tool {}", name);
                continue;
            }
            String type = Json.str(tool, "type");
            if (type != null && !"custom".equals(type)) {
                ObjectNode raw = ((ObjectNode) tool).deepCopy();
                raw.remove("cache_control");
                out.add(new ToolSpec.Hosted(type, raw));
                continue;
            }
            JsonNode schema = tool.get("input_schema");
            JsonNode strict = tool.get("strict");
            out.add(new ToolSpec.Function(name, Json.str(tool, "description"),
                    schema != null && schema.isObject() ? schema : null,
                    strict != null && strict.isBoolean() ? strict.asBoolean() : null));
        }
        return out;
    }

    static ToolChoice choice(JsonNode choice) {
        if (choice == null || !choice.isObject()) {
            return null;
        }
        return switch (choice.path("type").asText("auto")) {
            case "any" -> ToolChoice.REQUIRED;
            case "tool" -> ToolChoice.named(choice.path("name").asText());
            case "none" -> ToolChoice.NONE;
            default -> ToolChoice.AUTO;
        };
    }

    /** {@code disable_parallel_tool_use: true} → no parallel calls; null when the client did not say. */
    static Boolean parallelCalls(JsonNode choice) {
        JsonNode disabled = choice == null ? null : choice.get("disable_parallel_tool_use");
        return disabled != null && disabled.isBoolean() ? !disabled.asBoolean() : null;
    }
}
