package io.camelgateway.ops;

import io.camelgateway.json.Json;
import io.camelgateway.keys.Authenticator;
import io.camelgateway.models.ModelCatalog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@code GET /v1/models}: the Codex catalog when {@code client_version} is given (Codex's model_catalog_url), else the
 * OpenAI list. Asks for the same key as a turn (Codex sends its bearer token with the catalog request).
 */
public final class ModelsEndpoint implements Processor {

    private final ModelCatalog catalog;
    private final Authenticator authenticator;

    public ModelsEndpoint(ModelCatalog catalog, Authenticator authenticator) {
        this.catalog = catalog;
        this.authenticator = authenticator;
    }

    @Override
    public void process(Exchange exchange) {
        authenticator.authenticate(exchange.getMessage().getHeader("Authorization", String.class),
                exchange.getMessage().getHeader("x-api-key", String.class));
        boolean codex = exchange.getMessage().getHeader("client_version") != null;
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.bytes(codex ? catalog.codexCatalog() : catalog.openAiList()));
    }
}
