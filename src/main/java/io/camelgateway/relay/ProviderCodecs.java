package io.camelgateway.relay;

import io.camelgateway.provider.ModelLister;
import io.camelgateway.provider.ProviderCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The provider codecs by protocol name. */
public final class ProviderCodecs {

    private final Map<String, ProviderCodec> byProtocol = new HashMap<>();

    public ProviderCodecs(List<ProviderCodec> codecs) {
        for (ProviderCodec codec : codecs) {
            byProtocol.put(codec.protocol(), codec);
        }
    }

    public ProviderCodec get(String protocol) {
        return byProtocol.get(protocol);
    }

    /** How the protocol lists a provider's models, or null (unknown protocol, or one without a list). */
    public ModelLister modelLister(String protocol) {
        ProviderCodec codec = byProtocol.get(protocol);
        return codec == null ? null : codec.modelLister();
    }
}
