package io.camelgateway.models;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resolves what the client asked for: an alias from configuration ({@code claude-opus} → a pinned
 * {@code anthropic/claude-opus-4-7-20260420}), or {@code <provider>/<id>} for any configured provider, with the id
 * forwarded unchanged even when the gateway has never heard of it. A family alias ends in {@code *} and keeps the
 * client's id: {@code claude-* = anthropic/*} sends Claude Code's own ids ({@code claude-opus-5-5}) to the anthropic
 * provider unchanged; exact aliases win over families, and the longest family wins. Anything else is a 404 naming
 * the valid choices.
 */
public final class ModelResolver {

    static final int MAX_USED = 200;

    private final ProviderDirectory providers;
    private final Map<String, String> aliases = new TreeMap<>();
    private final Map<String, String> families = new TreeMap<>();
    private final Set<String> used = new LinkedHashSet<>();

    public ModelResolver(ProviderDirectory providers, Map<String, String> aliases) {
        this.providers = providers;
        aliases.forEach((name, target) -> {
            if (name.endsWith("*")) {
                families.put(name.substring(0, name.length() - 1), target);
            } else {
                this.aliases.put(name, target);
            }
        });
    }

    public ResolvedModel resolve(String model) {
        // a configured provider's prefix wins over a family: claude-* must not take claude-proxy/<id>
        String target = aliases.getOrDefault(model, namesProvider(model) ? model : familyTarget(model));
        int slash = target.indexOf('/');
        if (slash > 0 && slash < target.length() - 1) {
            String provider = target.substring(0, slash);
            if (providers.exists(provider)) {
                return new ResolvedModel(provider, target.substring(slash + 1));
            }
        }
        throw new GatewayException(TurnError.notFound("model_not_found", "The model '" + model
                + "' does not exist on this gateway. Use '<provider>/<model id>' with a configured provider ("
                + String.join(", ", providers.names()) + ")" + (aliases.isEmpty() ? "" : " or an alias ("
                + String.join(", ", aliases.keySet()) + ")") + (families.isEmpty() ? "" : " or an id matching "
                + String.join(", ", families.keySet().stream().map(f -> f + "*").toList())) + "."));
    }

    private boolean namesProvider(String model) {
        int slash = model.indexOf('/');
        return slash > 0 && slash < model.length() - 1 && providers.exists(model.substring(0, slash));
    }

    /**
     * The model itself, or for an id in an alias family the family's target with {@code *} replaced by the id. A
     * family without a slash never takes a {@code <provider>/<id>} name: claude-* must not send claude-proxy/… to
     * anthropic while the claude-proxy route file is still loading; such a name is a 404 until the provider exists.
     */
    private String familyTarget(String model) {
        boolean prefixed = model.indexOf('/') >= 0;
        String longest = null;
        for (String prefix : families.keySet()) {
            if (prefixed && prefix.indexOf('/') < 0) {
                continue;
            }
            if (model.startsWith(prefix) && model.length() > prefix.length()
                    && (longest == null || prefix.length() > longest.length())) {
                longest = prefix;
            }
        }
        return longest == null ? model : families.get(longest).replace("*", model);
    }

    /**
     * Notes a {@code <provider>/<id>} name a client used in a turn the gateway served, so the catalog lists it from
     * then on: Codex 0.169 takes a model's metadata only from a catalog entry of exactly its name, and a provider's
     * own list may not name it. Aliases are not noted (they are listed anyway); the oldest name goes past 200.
     */
    public void noteUsed(String model) {
        if (model == null || aliases.containsKey(model) || model.indexOf('/') <= 0) {
            return;
        }
        synchronized (used) {
            used.remove(model);
            used.add(model);
            if (used.size() > MAX_USED) {
                used.remove(used.iterator().next());
            }
        }
    }

    /** The names {@link #noteUsed} kept, oldest first. */
    public List<String> usedModels() {
        synchronized (used) {
            return List.copyOf(used);
        }
    }

    /** The exact aliases (families are not models a client can list). */
    public Map<String, String> aliases() {
        return aliases;
    }
}
