package io.camelgateway.routing;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.exchange.ResponseHeaders;
import io.camelgateway.models.FallbackChains;
import io.camelgateway.models.ModelCatalog;
import io.camelgateway.models.ModelResolver;
import io.camelgateway.models.ResolvedModel;
import io.camelgateway.trace.GatewayTracing;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs after {@code direct:router}: turns the model the router chose into a provider target. A turn too large for
 * that model's context window moves to the first model of its fallback chain whose window fits
 * ({@code +context-fit} in {@code x-gateway-route}) instead of failing upstream.
 */
public final class RoutedTarget implements Processor {

    private final ModelResolver resolver;
    private final ModelCatalog catalog;
    private final FallbackChains chains;

    public RoutedTarget(ModelResolver resolver, ModelCatalog catalog, FallbackChains chains) {
        this.resolver = resolver;
        this.catalog = catalog;
        this.chains = chains;
    }

    @Override
    public void process(Exchange exchange) {
        String model = exchange.getProperty(ExchangeKeys.ROUTED_MODEL, String.class);
        String route = exchange.getProperty(ExchangeKeys.ROUTE, "unnamed", String.class);
        if (model == null || model.isBlank()) {
            throw new GatewayException(new TurnError(500, "gateway_configuration_error", "router_misconfigured",
                    "The router route chose no model (rule '" + route + "'). Contact the gateway's operator.", null, null));
        }
        int tokens = exchange.getMessage().getHeader(ExchangeKeys.INPUT_TOKENS, 0, Integer.class);
        ResolvedModel resolved = resolver.resolve(model);
        String fitting = fittingModel(model, resolved, tokens);
        if (!fitting.equals(model)) {
            route = route + "+context-fit";
            model = fitting;
            resolved = resolver.resolve(fitting);
        }
        exchange.setProperty(ExchangeKeys.ROUTED_MODEL, model);
        exchange.setProperty(ExchangeKeys.ROUTE, route);
        exchange.setProperty(ExchangeKeys.PROVIDER, resolved.provider());
        exchange.setProperty(ExchangeKeys.UPSTREAM_MODEL, resolved.modelId());
        ResponseHeaders.of(exchange).put("x-gateway-route", route);
        GatewayTracing.of(exchange).routeDecided(route, model);
    }

    /** The chosen model when the turn fits its window, else the first in its chain that fits; else the chosen one. */
    private String fittingModel(String model, ResolvedModel resolved, int tokens) {
        if (tokens <= catalog.contextWindow(model, resolved.provider())) {
            return model;
        }
        for (String candidate : chains.chainFor(model)) {
            ResolvedModel target;
            try {
                target = resolver.resolve(candidate);
            } catch (GatewayException unknown) {
                continue;
            }
            if (tokens <= catalog.contextWindow(candidate, target.provider())) {
                return candidate;
            }
        }
        return model;
    }
}
