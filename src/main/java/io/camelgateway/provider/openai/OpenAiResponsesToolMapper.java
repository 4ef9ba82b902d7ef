package io.camelgateway.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.json.Json;
import java.util.List;

/**
 * Canonical tool declarations and tool choice → Responses {@code tools} and {@code tool_choice}. The Responses API
 * has every canonical tool kind natively (function, freeform custom, namespace, hosted), so nothing is emulated;
 * top-level names go through the turn's {@link ToolNameMap} so names OpenAI would refuse are replaced.
 */
final class OpenAiResponsesToolMapper {

    private OpenAiResponsesToolMapper() {
    }

    static ArrayNode tools(List<ToolSpec> specs, ToolNameMap names) {
        ArrayNode out = Json.array();
        for (ToolSpec spec : specs) {
            out.add(tool(spec, names, null));
        }
        return out;
    }

    /** Inside a namespace the names stay the client's own: calls come back with the namespace beside the name. */
    private static ObjectNode tool(ToolSpec spec, ToolNameMap names, String namespace) {
        ObjectNode out = Json.object();
        if (spec instanceof ToolSpec.Function f) {
            out.put("type", "function").put("name", namespace == null ? names.wireName(null, f.name()) : f.name());
            putIfPresent(out, "description", f.description());
            out.set("parameters", f.parameters() != null && f.parameters().isObject() ? f.parameters()
                    : emptySchema());
            // the Responses API makes function tools strict unless told otherwise, and strict mode refuses most
            // hand-written schemas (optional properties, additionalProperties left open)
            out.put("strict", Boolean.TRUE.equals(f.strict()));
        } else if (spec instanceof ToolSpec.Custom c) {
            out.put("type", "custom").put("name", namespace == null ? names.wireName(null, c.name()) : c.name());
            putIfPresent(out, "description", c.description());
            if (c.format() != null && c.format().isObject()) {
                out.set("format", c.format());
            }
        } else if (spec instanceof ToolSpec.Namespace ns) {
            out.put("type", "namespace").put("name", ns.name());
            putIfPresent(out, "description", ns.description());
            ArrayNode inner = out.putArray("tools");
            for (ToolSpec tool : ns.tools()) {
                inner.add(tool(tool, names, ns.name()));
            }
        } else if (spec instanceof ToolSpec.ToolSearch s) {
            out.put("type", "tool_search");
            putIfPresent(out, "execution", s.execution());
            putIfPresent(out, "description", s.description());
            if (s.parameters() != null && s.parameters().isObject()) {
                out.set("parameters", s.parameters());
            }
        } else if (spec instanceof ToolSpec.Hosted h) {
            return h.raw().deepCopy();
        }
        return out;
    }

    /** Null when the client named no choice (the API's default, {@code auto}, applies). */
    static JsonNode toolChoice(ToolChoice choice, ToolNameMap names) {
        if (choice == null) {
            return null;
        }
        switch (choice.mode()) {
            case NONE:
                return TextNode.valueOf("none");
            case REQUIRED:
                return TextNode.valueOf("required");
            case NAMED:
                String wire = names.wireName(null, choice.toolName());
                String type = names.resolve(wire).kind() == ToolKind.CUSTOM ? "custom" : "function";
                return Json.object().put("type", type).put("name", wire);
            case AUTO:
            default:
                return TextNode.valueOf("auto");
        }
    }

    private static ObjectNode emptySchema() {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static void putIfPresent(ObjectNode out, String field, String value) {
        if (value != null) {
            out.put(field, value);
        }
    }
}
