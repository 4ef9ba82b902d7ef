package io.camelgateway.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** A tool the model may call, as declared by the client. */
public sealed interface ToolSpec permits ToolSpec.Function, ToolSpec.Custom, ToolSpec.Namespace,
        ToolSpec.ToolSearch, ToolSpec.Hosted {

    String type();

    /** A JSON-schema function. {@code parameters} may be null (no arguments). */
    record Function(String name, String description, JsonNode parameters, Boolean strict) implements ToolSpec {
        @Override
        public String type() {
            return "function";
        }
    }

    /** A freeform tool (e.g. {@code apply_patch}); {@code format} holds the grammar, or null for free text. */
    record Custom(String name, String description, JsonNode format) implements ToolSpec {
        @Override
        public String type() {
            return "custom";
        }
    }

    /** A named group of tools (one per MCP server); calls come back with the group's name as namespace. */
    record Namespace(String name, String description, List<ToolSpec> tools) implements ToolSpec {
        public Namespace {
            tools = List.copyOf(tools);
        }

        @Override
        public String type() {
            return "namespace";
        }
    }

    /** Codex's tool discovery tool; with {@code execution: "client"} the client runs it. */
    record ToolSearch(String execution, String description, JsonNode parameters) implements ToolSpec {
        @Override
        public String type() {
            return "tool_search";
        }
    }

    /** A tool the provider runs itself ({@code web_search}, ...), kept verbatim. */
    record Hosted(String type, ObjectNode raw) implements ToolSpec {
    }
}
