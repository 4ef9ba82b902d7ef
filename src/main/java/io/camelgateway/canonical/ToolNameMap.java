package io.camelgateway.canonical;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps client tool names (which may be namespaced or break a provider's name rules) to names a provider accepts,
 * and back. Deterministic: the same tools give the same wire names on every turn, so calls in the history map to
 * the names the model saw before.
 */
public final class ToolNameMap {

    public static final String NAMESPACE_SEPARATOR = "__";
    public static final String TOOL_SEARCH_NAME = "tool_search";

    private final ToolNameRules rules;
    private final Map<String, ToolRef> byWireName = new LinkedHashMap<>();
    private final Map<String, String> wireNameByKey = new HashMap<>();

    public ToolNameMap(ToolNameRules rules) {
        this.rules = rules;
    }

    /** Builds the map for every tool the request declares, including tools found by earlier tool searches. */
    public static ToolNameMap forRequest(TurnRequest request, ToolNameRules rules) {
        ToolNameMap map = new ToolNameMap(rules);
        map.registerAll(request.tools(), null);
        for (Item item : request.input()) {
            if (item instanceof ToolSearchOutput found) {
                map.registerAll(found.tools(), null);
            }
        }
        return map;
    }

    private void registerAll(List<ToolSpec> tools, String namespace) {
        for (ToolSpec tool : tools) {
            if (tool instanceof ToolSpec.Function f) {
                register(new ToolRef(ToolKind.FUNCTION, namespace, f.name()));
            } else if (tool instanceof ToolSpec.Custom c) {
                register(new ToolRef(ToolKind.CUSTOM, namespace, c.name()));
            } else if (tool instanceof ToolSpec.ToolSearch) {
                toolSearchWireName();
            } else if (tool instanceof ToolSpec.Namespace ns) {
                registerAll(ns.tools(), ns.name());
            }
        }
    }

    /** The wire name of the client's tool search tool (registered on first use). */
    public String toolSearchWireName() {
        return register(new ToolRef(ToolKind.TOOL_SEARCH, null, TOOL_SEARCH_NAME));
    }

    /** Registers a tool and returns its wire name; registering the same tool twice returns the same name. */
    public String register(ToolRef ref) {
        String key = key(ref.namespace(), ref.name());
        String existing = wireNameByKey.get(key);
        if (existing != null) {
            return existing;
        }
        String wire = uniqueWireName(ref);
        wireNameByKey.put(key, wire);
        byWireName.put(wire, ref);
        return wire;
    }

    /** The provider-side name for a client tool; registers it as a function when it was not declared. */
    public String wireName(String namespace, String name) {
        String wire = wireNameByKey.get(key(namespace, name));
        return wire != null ? wire : register(new ToolRef(ToolKind.FUNCTION, namespace, name));
    }

    /** What a provider-side name stands for; an unknown name is taken as a plain function of that name. */
    public ToolRef resolve(String wireName) {
        ToolRef ref = byWireName.get(wireName);
        return ref != null ? ref : new ToolRef(ToolKind.FUNCTION, null, wireName);
    }

    private String uniqueWireName(ToolRef ref) {
        String raw = ref.namespace() == null ? ref.name() : ref.namespace() + NAMESPACE_SEPARATOR + ref.name();
        if (rules.allows(raw) && !byWireName.containsKey(raw)) {
            return raw;
        }
        String sanitized = sanitize(raw);
        String suffix = "_" + shortHash(key(ref.namespace(), ref.name()));
        int room = rules.maxLength() - suffix.length();
        String candidate = (sanitized.length() > room ? sanitized.substring(0, room) : sanitized) + suffix;
        if (sanitized.length() <= rules.maxLength() && !sanitized.equals(raw) && !byWireName.containsKey(sanitized)
                && !sanitized.isEmpty()) {
            candidate = sanitized;
        }
        return candidate;
    }

    private static String sanitize(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            out.append(ToolNameRules.allowedChar(c) ? c : '_');
        }
        return out.toString();
    }

    private static String key(String namespace, String name) {
        return namespace == null ? name : namespace + "\u0000" + name;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
