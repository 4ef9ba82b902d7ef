package io.camelgateway.provider.azure;

import io.camelgateway.provider.ProviderTarget;

/** The deployment a model names: the route's {@code deployments} map, else the model id itself. */
final class AzureDeployments {

    private AzureDeployments() {
    }

    /** The target with the deployment name as the upstream model (Azure's v1 API reads it from {@code model}). */
    static ProviderTarget target(ProviderTarget target) {
        String model = target.upstreamModel();
        String deployment = target.options().azure().deployments().getOrDefault(model, model);
        if (deployment.equals(model)) {
            return target;
        }
        return new ProviderTarget(target.provider(), target.protocol(), target.baseUrl(), target.apiKey(), deployment,
                target.options());
    }
}
