package io.camelgateway.provider;

/**
 * One provider wire protocol. For each attempt it prepares a {@link ProviderCall}: the request to send and how to
 * read what comes back, for whichever client API the turn came in on. Implementations are pure (no I/O).
 */
public interface ProviderCodec {

    /** The protocol name routes refer to ({@code openai}, {@code anthropic}, {@code openai-chat}, ...). */
    String protocol();

    ProviderCall prepare(ClientTurn turn, ProviderTarget target);

    /** How this protocol lists a provider's models for the catalog, or null when it has no such list. */
    default ModelLister modelLister() {
        return null;
    }
}
