package io.camelgateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;

/**
 * Everything decided before the first byte goes upstream. {@code codec} and {@code context} are null for a
 * passthrough (the client already speaks the provider's API: only the model is rewritten). {@code startNanos} is
 * where {@code x-gateway-overhead-ms} is measured from.
 */
record TurnPlan(ClientApiCodec api, ObjectNode clientBody, String clientModel, boolean stream, ProviderTarget target,
                UpstreamRequest upstream, ProviderCodec codec, TurnContext context, long startNanos,
                java.util.Map<String, String> responseHeaders) {

    boolean passthrough() {
        return codec == null;
    }

    /**
     * This plan with its overhead clock moved on by {@code nanos} the gateway spent waiting for providers (retry
     * waits, failed attempts), so {@code x-gateway-overhead-ms} counts only the gateway's own work.
     */
    TurnPlan notCountingAsOverhead(long nanos) {
        if (nanos == 0) {
            return this;
        }
        return new TurnPlan(api, clientBody, clientModel, stream, target, upstream, codec, context, startNanos + nanos,
                responseHeaders);
    }
}
