package io.camelgateway.provider;

import java.util.List;

/**
 * A protocol's way of asking a provider which models it serves ({@code GET /models} on OpenAI-compatible servers),
 * so the catalog lists them. Pure: the gateway sends the request off the event loop and caches the answer.
 */
public interface ModelLister {

    /** The {@code GET} request for the list: path (after the base URL) and headers, auth included. */
    UpstreamRequest request(ProviderTarget target);

    /** The model ids in the provider's answer, in its order; throws when the answer is not a model list. */
    List<String> modelIds(byte[] body);
}
