package io.camelgateway.models;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves what the client asked for: an alias from configuration ({@code claude-opus} → a pinned
 * {@code anthropic/claude-opus-4-7-20260420}), or {@code <provider>/<id>} for any configured provider, with the id
 * forwarded unchanged even when the gateway has never heard of it. Anything else is a 404 naming the valid choices.
 */
public final class ModelResolver {

    private final ProviderDirectory providers;
    private final Map<String, String> aliases;

    public ModelResolver(ProviderDirectory providers, Map<String, String> aliases) {
        this.providers = providers;
        this.aliases = new TreeMap<>(aliases);
    }

    public ResolvedModel resolve(String model) {
        String target = aliases.getOrDefault(model, model);
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
                + String.join(", ", aliases.keySet()) + ")") + "."));
    }

    public Map<String, String> aliases() {
        return aliases;
    }
}
