package io.camelgateway.conformance;

import java.util.Collection;

/**
 * How a fake upstream names a scripted tool call in its own wire. A {@link ScriptedTurn.ToolCall} names a tool of a
 * namespace (an MCP server's) as {@code namespace/tool}; a provider without namespaces saw it under the flattened
 * name the gateway declared, which the fake finds among the tool names of the request it is answering.
 */
public final class WireNames {

    private WireNames() {
    }

    /** The namespace of {@code scripted}, or null. */
    public static String namespace(String scripted) {
        int slash = scripted.indexOf('/');
        return slash < 0 ? null : scripted.substring(0, slash);
    }

    /** The tool name of {@code scripted} without its namespace. */
    public static String tool(String scripted) {
        return scripted.substring(scripted.indexOf('/') + 1);
    }

    /** The declared name the model would call for {@code scripted}, given the request's declared tool names. */
    public static String flattened(String scripted, Collection<String> declared) {
        String namespace = namespace(scripted);
        String tool = tool(scripted);
        if (namespace == null) {
            return tool;
        }
        String joined = namespace + "__" + tool;
        if (declared.contains(joined)) {
            return joined;
        }
        for (String name : declared) {
            if (name.contains(tool) && name.startsWith(namespace.replaceAll("[^a-zA-Z0-9_-]", "_"))) {
                return name;
            }
        }
        return joined;
    }
}
