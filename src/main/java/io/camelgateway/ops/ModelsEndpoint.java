package io.camelgateway.ops;

import io.camelgateway.json.Json;
import io.camelgateway.models.ModelCatalog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code GET /v1/models}: the Codex catalog when {@code client_version} is given (Codex's model_catalog_url), else the OpenAI list. */
public final class ModelsEndpoint implements Processor {

    private final ModelCatalog catalog;

    public ModelsEndpoint(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void process(Exchange exchange) {
        boolean codex = exchange.getMessage().getHeader("client_version") != null;
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.bytes(codex ? catalog.codexCatalog() : catalog.openAiList()));
    }
}
