package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.ToolSearchOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.provider.FreeformTools;
import io.camelgateway.provider.TurnContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical tool declarations and tool choice → Converse {@code toolConfig}. Tool names follow Bedrock's
 * {@code ^[a-zA-Z0-9_-]{1,64}$} (names that break it are rewritten reversibly by the turn's {@link ToolNameMap});
 * every {@code inputSchema.json} is an object schema.
 */
final class BedrockToolMapper {

    /** Bedrock's tool name rule: {@code ^[a-zA-Z0-9_-]{1,64}$}. */
    static final ToolNameRules NAME_RULES = new ToolNameRules(64);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private BedrockToolMapper() {
    }

    /**
     * All tools the model may call, keyed by wire name: the declared ones, namespaces flattened, plus tools found by
     * earlier tool searches. Hosted tools are dropped (and recorded): Bedrock runs none of them.
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
                out.putIfAbsent(wire, toolSpec(wire, f.description(), schema(f.name(), f.parameters())));
            } else if (spec instanceof ToolSpec.Custom c) {
                String wire = names.register(new ToolRef(ToolKind.CUSTOM, namespace, c.name()));
                out.putIfAbsent(wire, custom(wire, c));
            } else if (spec instanceof ToolSpec.ToolSearch s) {
                String wire = names.toolSearchWireName();
                out.putIfAbsent(wire, toolSpec(wire, s.description(), schema(wire, s.parameters())));
            } else if (spec instanceof ToolSpec.Namespace ns) {
                addAll(context, ns.tools(), ns.name(), out);
            } else if (spec instanceof ToolSpec.Hosted hosted) {
                context.dropTool(hosted.type());
            }
        }
    }

    static ObjectNode toolSpec(String wire, String description, ObjectNode schema) {
        ObjectNode tool = NODES.objectNode();
        ObjectNode spec = tool.putObject("toolSpec");
        spec.put("name", wire);
        if (description != null && !description.isBlank()) {
            spec.put("description", description);
        }
        spec.putObject("inputSchema").set("json", schema);
        return tool;
    }

    /**
     * The tool's parameters as an object schema. No parameters is an empty object; a schema without a type that
     * lists properties is an object schema; any other type cannot be a tool's input, so the request is refused.
     */
    static ObjectNode schema(String toolName, JsonNode parameters) {
        if (parameters == null || parameters.isNull() || parameters.isMissingNode()
                || parameters.isObject() && parameters.size() == 0) {
            return emptySchema();
        }
        if (!parameters.isObject()) {
            throw BedrockMessageMapper.unmappable("Tool '" + toolName + "': its parameters must be a JSON schema object",
                    "tools");
        }
        ObjectNode schema = (ObjectNode) parameters.deepCopy();
        JsonNode type = schema.get("type");
        if (type == null) {
            schema.put("type", "object");
        } else if (!"object".equals(type.asText())) {
            throw BedrockMessageMapper.unmappable("Tool '" + toolName + "': Bedrock takes only object schemas as a "
                    + "tool's input, not type " + type, "tools");
        }
        return schema;
    }

    /** A freeform tool (apply_patch), declared as {@link FreeformTools} says. */
    private static ObjectNode custom(String wire, ToolSpec.Custom custom) {
        return toolSpec(wire, FreeformTools.description(custom), FreeformTools.inputSchema());
    }

    static ObjectNode emptySchema() {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    /**
     * The {@code toolChoice}, or null to leave it to the model. Converse has no "none": with tools in the history
     * the tools must still be declared, so none is left to the model too. With thinking on only auto is allowed.
     */
    static ObjectNode toolChoice(TurnContext context, boolean thinking) {
        ToolChoice choice = context.request().toolChoice();
        ToolChoice.Mode mode = choice == null ? ToolChoice.Mode.AUTO : choice.mode();
        if (thinking) {
            return null;
        }
        ObjectNode out = NODES.objectNode();
        switch (mode) {
            case REQUIRED:
                out.putObject("any");
                return out;
            case NAMED:
                out.putObject("tool").put("name", context.tools().wireName(null, choice.toolName()));
                return out;
            default:
                return null;
        }
    }

    /** Tools named by calls in the history but no longer declared: Converse rejects tool blocks without tools. */
    static void declareHistoricTools(ArrayNode messages, Map<String, ObjectNode> tools) {
        for (JsonNode message : messages) {
            for (JsonNode block : message.path("content")) {
                JsonNode use = block.get("toolUse");
                if (use != null) {
                    String name = use.path("name").asText();
                    tools.putIfAbsent(name, toolSpec(name, "(no longer available)", emptySchema()));
                }
            }
        }
    }

    /** What a client-run tool search found, told to the model as the search's result. */
    static String foundToolsListing(TurnContext context, List<ToolSpec> found) {
        Map<String, ObjectNode> tools = new LinkedHashMap<>();
        addAll(context, found, null, tools);
        ArrayNode listing = NODES.arrayNode();
        for (ObjectNode tool : tools.values()) {
            JsonNode spec = tool.path("toolSpec");
            ObjectNode entry = listing.addObject();
            entry.put("name", spec.path("name").asText());
            if (spec.has("description")) {
                entry.put("description", spec.path("description").asText());
            }
        }
        return "Tools found (now available to call): " + listing;
    }
}
