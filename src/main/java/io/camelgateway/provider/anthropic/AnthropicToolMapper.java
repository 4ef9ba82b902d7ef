package io.camelgateway.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.provider.FreeformTools;
import io.camelgateway.provider.TurnContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Canonical tool declarations and tool choice → Anthropic {@code tools} and {@code tool_choice}. */
final class AnthropicToolMapper {

    static final String WEB_SEARCH_TOOL_TYPE = "web_search_20250305";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicToolMapper() {
    }

    /**
     * All tools the model may call, keyed by wire name: the declared ones, namespaces flattened, plus tools found
     * by earlier tool searches. Hosted tools are dropped (and recorded) unless the target emulates them.
     */
    static Map<String, ObjectNode> tools(TurnContext context) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        addAll(context, context.request().tools(), null, out);
        for (Item item : context.request().input()) {
            if (item instanceof ToolSearchOutput found) {
                addAll(context, found.tools(), null, out);
            }
        }
        return out;
    }

    private static void addAll(TurnContext context, List<ToolSpec> specs, String namespace, Map<String, ObjectNode> out) {
        ToolNameMap names = context.tools();
        for (ToolSpec spec : specs) {
            if (spec instanceof ToolSpec.Function f) {
                String wire = names.wireName(namespace, f.name());
                out.putIfAbsent(wire, function(wire, f.description(), f.parameters()));
            } else if (spec instanceof ToolSpec.Custom c) {
                String wire = names.register(new ToolRef(ToolKind.CUSTOM, namespace, c.name()));
                out.putIfAbsent(wire, custom(wire, c));
            } else if (spec instanceof ToolSpec.ToolSearch s) {
                String wire = names.toolSearchWireName();
                out.putIfAbsent(wire, function(wire, s.description(), s.parameters()));
            } else if (spec instanceof ToolSpec.Namespace ns) {
                addAll(context, ns.tools(), ns.name(), out);
            } else if (spec instanceof ToolSpec.Hosted hosted) {
                addHosted(context, hosted, out);
            }
        }
    }

    private static void addHosted(TurnContext context, ToolSpec.Hosted hosted, Map<String, ObjectNode> out) {
        if ("web_search".equals(hosted.type()) && context.target().options().webSearch()) {
            ObjectNode tool = NODES.objectNode();
            tool.put("type", WEB_SEARCH_TOOL_TYPE);
            tool.put("name", "web_search");
            out.putIfAbsent("web_search", tool);
        } else {
            context.dropTool(hosted.type());
        }
    }

    static ObjectNode function(String wire, String description, JsonNode parameters) {
        ObjectNode tool = NODES.objectNode();
        tool.put("name", wire);
        if (description != null && !description.isBlank()) {
            tool.put("description", description);
        }
        tool.set("input_schema", parameters != null && parameters.isObject() ? parameters.deepCopy() : emptySchema());
        return tool;
    }

    /** A freeform tool (apply_patch), declared as {@link FreeformTools} says. */
    private static ObjectNode custom(String wire, ToolSpec.Custom custom) {
        return function(wire, FreeformTools.description(custom), FreeformTools.inputSchema());
    }

    static ObjectNode emptySchema() {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    /**
     * The {@code tool_choice} object, or null to omit it. With thinking on, Anthropic only allows auto or none.
     */
    static ObjectNode toolChoice(TurnContext context, boolean thinking) {
        ToolChoice choice = context.request().toolChoice();
        ObjectNode out = NODES.objectNode();
        ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
        if (thinking && (mode == ToolChoice.Mode.REQUIRED || mode == ToolChoice.Mode.NAMED)) {
            mode = ToolChoice.Mode.AUTO;
        }
        switch (mode) {
            case NONE:
                out.put("type", "none");
                return out;
            case REQUIRED:
                out.put("type", "any");
                break;
            case NAMED:
                out.put("type", "tool");
                out.put("name", context.tools().wireName(null, choice.toolName()));
                break;
            case AUTO:
            default:
                out.put("type", "auto");
        }
        if (Boolean.FALSE.equals(context.request().parallelToolCalls())) {
            out.put("disable_parallel_tool_use", true);
        }
        return out;
    }

    /** Tools named by calls in the history but not declared: Anthropic rejects tool blocks without matching tools. */
    static void declareHistoricTools(ArrayNode messages, Map<String, ObjectNode> tools) {
        for (JsonNode message : messages) {
            for (JsonNode block : message.path("content")) {
                if ("tool_use".equals(block.path("type").asText())) {
                    String name = block.path("name").asText();
                    tools.putIfAbsent(name, function(name, "(no longer available)", null));
                }
            }
        }
    }
}
