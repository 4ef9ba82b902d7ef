package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Canonical tool declarations and tool choice → Gemini {@code functionDeclarations} and {@code toolConfig}. */
final class GeminiToolMapper {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeminiToolMapper() {
    }

    /**
     * Every function the model may call, keyed by wire name: the declared tools (namespaces flattened) and those
     * found by earlier tool searches. Hosted tools (web search...) cannot be run here: they are left out and recorded.
     */
    static Map<String, ObjectNode> declarations(TurnContext context) {
        Map<String, ObjectNode> out = declarations(context, context.request().tools());
        for (Item item : context.request().input()) {
            if (item instanceof ToolSearchOutput found) {
                declarations(context, found.tools()).forEach(out::putIfAbsent);
            }
        }
        return out;
    }

    static Map<String, ObjectNode> declarations(TurnContext context, List<ToolSpec> specs) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        addAll(context, specs, null, out);
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
                context.dropTool(hosted.type());
            }
        }
    }

    static ObjectNode function(String wire, String description, JsonNode parameters) {
        ObjectNode declaration = NODES.objectNode();
        declaration.put("name", wire);
        if (description != null && !description.isBlank()) {
            declaration.put("description", description);
        }
        ObjectNode converted = GeminiSchemaConverter.parameters(parameters);
        if (converted != null) {
            declaration.set("parameters", converted);
        }
        return declaration;
    }

    /** A freeform tool (apply_patch), declared as {@link FreeformTools} says. */
    private static ObjectNode custom(String wire, ToolSpec.Custom custom) {
        return function(wire, FreeformTools.description(custom), FreeformTools.inputSchema());
    }

    /** {@code toolConfig.functionCallingConfig} for the client's tool choice; null leaves Gemini's default (auto). */
    static ObjectNode toolConfig(TurnContext context) {
        ToolChoice choice = context.request().toolChoice();
        if (choice == null || choice.mode() == ToolChoice.Mode.AUTO) {
            return null;
        }
        ObjectNode config = NODES.objectNode();
        ObjectNode calling = config.putObject("functionCallingConfig");
        switch (choice.mode()) {
            case NONE -> calling.put("mode", "NONE");
            case REQUIRED -> calling.put("mode", "ANY");
            case NAMED -> {
                calling.put("mode", "ANY");
                calling.putArray("allowedFunctionNames").add(context.tools().wireName(null, choice.toolName()));
            }
            default -> calling.put("mode", "AUTO");
        }
        return config;
    }
}
