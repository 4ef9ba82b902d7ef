package io.camelgateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderTarget;

/**
 * Everything decided before the first byte goes upstream: the client's API, the target and the prepared call.
 * {@code startNanos} is where {@code x-gateway-overhead-ms} is measured from.
 */
record TurnPlan(ClientApiCodec api, ObjectNode clientBody, String clientModel, boolean stream, ProviderTarget target,
                ProviderCall call, long startNanos, java.util.Map<String, String> responseHeaders) {

    /**
     * This plan with its overhead clock moved on by {@code nanos} the gateway spent waiting for providers (retry
     * waits, failed attempts), so {@code x-gateway-overhead-ms} counts only the gateway's own work.
     */
    TurnPlan notCountingAsOverhead(long nanos) {
        if (nanos == 0) {
            return this;
        }
        return new TurnPlan(api, clientBody, clientModel, stream, target, call, startNanos + nanos, responseHeaders);
    }
}
