package io.camelgateway.ui;

import java.time.Instant;

/**
 * A request that ended in an error the client saw (a status of 400 or more, or a stream that ended failed), as the
 * dashboard lists it: no prompt content, no key id.
 */
record FailedTurn(Instant time, String clientApi, String requestedModel, String provider, String model, String route,
                  String owner, String team, int status, String errorCode) {
}
