package io.camelgateway.models;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.json.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /v1/models}: the OpenAI list, or with {@code ?client_version=} the Codex catalog form
 * ({@code {"models":[…]}}) that makes Codex offer {@code apply_patch} as a freeform tool and know each model's window.
 */
public final class ModelCatalog {

    /** Owner shown for routed aliases. */
    static final String ROUTER = "gateway-router";

    private static final String[] EFFORTS = {"low", "medium", "high", "xhigh"};

    /**
     * Codex 0.169 rejects the whole catalog ("failed to decode models response") unless every entry has
     * {@code model_messages.instructions_template}; the text becomes the first developer message of each request.
     * This is the gateway's own short text (Codex's built-in prompt is not reproduced here).
     */
    static final String INSTRUCTIONS = """
            You are a coding agent working in the user's repository through the Camel AI gateway. \
            Work autonomously until the task is done. Inspect files and run commands with exec_command; \
            edit files with apply_patch (a freeform patch: *** Begin Patch, *** Add File / *** Update File / \
            *** Delete File sections, *** End Patch). Keep changes minimal and focused, follow the existing style, \
            and finish with a short summary of what you changed.""";

    private final ModelResolver resolver;
    private final List<String> listedModels;
    private final Map<String, Integer> contextWindows;
    private final int defaultContextWindow;
    private final String instructions;
    private final Set<String> routedAliases;
    private final Supplier<List<String>> providerNames;
    private final Supplier<Map<String, List<String>>> providerModels;

    public ModelCatalog(ModelResolver resolver, List<String> listedModels, Map<String, Integer> contextWindows,
                        int defaultContextWindow, String instructions) {
        this(resolver, listedModels, contextWindows, defaultContextWindow, instructions, Set.of());
    }

    /**
     * @param listedModels   {@code provider/id} names to list besides the aliases
     * @param contextWindows context window per provider name or per listed/alias model name
     * @param routedAliases  model names the router resolves per turn (listed first, e.g. {@code auto})
     */
    public ModelCatalog(ModelResolver resolver, List<String> listedModels, Map<String, Integer> contextWindows,
                        int defaultContextWindow, String instructions, Set<String> routedAliases) {
        this(resolver, listedModels, contextWindows, defaultContextWindow, instructions, routedAliases, List::of,
                Map::of);
    }

    /**
     * @param providerNames  the configured providers, each with a hidden {@code <provider>/} entry of defaults: Codex
     *                       releases that match catalog names by longest prefix give any model of a known provider
     *                       full metadata ({@code apply_patch} included); 0.169 matches names exactly, which the
     *                       providers' own lists and the names already used in turns ({@link ModelResolver#noteUsed})
     *                       cover
     * @param providerModels the model ids each provider lists itself, listed as {@code <provider>/<id>}
     */
    public ModelCatalog(ModelResolver resolver, List<String> listedModels, Map<String, Integer> contextWindows,
                        int defaultContextWindow, String instructions, Set<String> routedAliases,
                        Supplier<List<String>> providerNames, Supplier<Map<String, List<String>>> providerModels) {
        this.providerNames = providerNames;
        this.providerModels = providerModels;
        this.routedAliases = new java.util.TreeSet<>(routedAliases);
        this.resolver = resolver;
        this.listedModels = List.copyOf(listedModels);
        this.contextWindows = Map.copyOf(contextWindows);
        this.defaultContextWindow = defaultContextWindow;
        this.instructions = instructions == null || instructions.isBlank() ? INSTRUCTIONS : instructions;
    }

    private Set<String> slugs() {
        Set<String> slugs = new LinkedHashSet<>(routedAliases);
        slugs.addAll(resolver.aliases().keySet());
        slugs.addAll(listedModels);
        providerModels.get().forEach((provider, ids) -> ids.forEach(id -> slugs.add(provider + "/" + id)));
        slugs.addAll(resolver.usedModels());
        return slugs;
    }

    public ObjectNode openAiList() {
        ObjectNode root = Json.object().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String slug : slugs()) {
            String owner;
            try {
                owner = resolve(slug).provider();
            } catch (RuntimeException unknownProvider) {
                continue;
            }
            data.addObject().put("id", slug).put("object", "model").put("created", 0).put("owned_by", owner);
        }
        return root;
    }

    public ObjectNode codexCatalog() {
        ObjectNode root = Json.object();
        ArrayNode models = root.putArray("models");
        int priority = 1;
        for (String slug : slugs()) {
            ResolvedModel resolved;
            try {
                resolved = resolve(slug);
            } catch (RuntimeException unknownProvider) {
                continue;
            }
            models.add(entry(slug, resolved, priority++));
        }
        for (String provider : providerNames.get()) {
            // hidden from the picker; found by prefix (newer Codex) for any model of the provider the list does not name
            models.add(entry(provider + "/", new ResolvedModel(provider, "*"), priority++).put("visibility", "hide")
                    .put("display_name", provider + "/<any model>"));
        }
        return root;
    }

    private ResolvedModel resolve(String slug) {
        return routedAliases.contains(slug) ? new ResolvedModel(ROUTER, "cost-routed per turn by routes/router.yaml")
                : resolver.resolve(slug);
    }

    public int contextWindow(String slug, String provider) {
        Integer window = contextWindows.get(slug);
        if (window == null) {
            window = contextWindows.get(provider);
        }
        return window == null ? defaultContextWindow : window;
    }

    private ObjectNode entry(String slug, ResolvedModel resolved, int priority) {
        int window = contextWindow(slug, resolved.provider());
        ObjectNode m = Json.object();
        m.put("slug", slug).put("display_name", slug)
                .put("description", "via the Camel AI gateway: " + resolved.provider() + "/" + resolved.modelId());
        m.put("default_reasoning_level", "medium");
        ArrayNode levels = m.putArray("supported_reasoning_levels");
        for (String effort : EFFORTS) {
            levels.addObject().put("effort", effort).put("description", effort + " reasoning effort");
        }
        m.put("shell_type", "shell_command").put("visibility", "list").put("supported_in_api", true)
                .put("priority", priority).putNull("upgrade");
        m.put("supports_reasoning_summaries", true).put("supports_reasoning_summary_parameter", true)
                .put("default_reasoning_summary", "none");
        m.put("support_verbosity", false).putNull("default_verbosity");
        m.put("apply_patch_tool_type", "freeform");
        m.putObject("model_messages").put("instructions_template", instructions);
        m.putObject("truncation_policy").put("mode", "tokens").put("limit", 10000);
        m.put("supports_parallel_tool_calls", true);
        m.put("context_window", window).put("max_context_window", window);
        m.putArray("experimental_supported_tools");
        ArrayNode modalities = m.putArray("input_modalities");
        modalities.add("text").add("image");
        m.put("prefer_websockets", false).put("supports_search_tool", false);
        return m;
    }
}
