package io.camelgateway.relay;

import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.models.FallbackChains;
import io.camelgateway.models.ModelResolver;
import io.camelgateway.models.ResolvedModel;
import io.camelgateway.provider.ProviderTarget;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;

/**
 * The fallback chain of a turn and the targets of its later models. A later model's target comes from its own
 * provider route, called on a scratch exchange, so the provider files stay the single source of targets.
 */
final class FallbackTargets {

    private final FallbackChains chains;
    private final ModelResolver models;
    private volatile ProducerTemplate producer;

    FallbackTargets(FallbackChains chains, ModelResolver models) {
        this.chains = chains;
        this.models = models;
    }

    /**
     * The models to try after the routed one: the chain declared for the client's model (alias or name), else the
     * one declared for the routed {@code provider/model}.
     */
    List<String> fallbacksFor(Exchange exchange) {
        String clientModel = exchange.getProperty(ExchangeKeys.CLIENT_MODEL, String.class);
        String routed = exchange.getProperty(ExchangeKeys.PROVIDER, String.class) + "/"
                + exchange.getProperty(ExchangeKeys.UPSTREAM_MODEL, String.class);
        List<String> chain = clientModel == null ? List.of() : chains.chainFor(clientModel);
        if (chain.size() <= 1) {
            chain = chains.chainFor(routed);
        }
        return chain.subList(1, chain.size()).stream().filter(m -> !m.equals(routed)).toList();
    }

    ProviderTarget resolve(Exchange original, String model) {
        ResolvedModel resolved = models.resolve(model);
        Exchange scratch = ExchangeBuilder.anExchange(original.getContext())
                .withProperty(ExchangeKeys.API, original.getProperty(ExchangeKeys.API))
                .withProperty(ExchangeKeys.BODY, original.getProperty(ExchangeKeys.BODY))
                .withProperty(ExchangeKeys.CLIENT_MODEL, model)
                .withProperty(ExchangeKeys.PROVIDER, resolved.provider())
                .withProperty(ExchangeKeys.UPSTREAM_MODEL, resolved.modelId())
                .withProperty(ExchangeKeys.PASSTHROUGH_KEY, original.getProperty(ExchangeKeys.PASSTHROUGH_KEY))
                .build();
        producer(original).send("direct:provider-" + resolved.provider(), scratch);
        if (scratch.getException() != null) {
            throw new GatewayException(new TurnError(503, "server_error", "provider_unavailable",
                    "The route of provider '" + resolved.provider() + "' failed: "
                            + scratch.getException().getClass().getSimpleName(), null, 1L));
        }
        return ProviderTargets.targetOf(scratch);
    }

    ProducerTemplate producer(Exchange exchange) {
        ProducerTemplate template = producer;
        if (template == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = exchange.getContext().createProducerTemplate();
                }
                template = producer;
            }
        }
        return template;
    }
}
