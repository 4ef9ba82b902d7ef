package io.camelgateway.entry;

import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.usage.TurnRecorder;
import io.camelgateway.usage.TurnUsage;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers any failure of an entry route in the client's error shape. Known failures carry their error; anything
 * else is logged once with its stack trace and answered with a generic 500 that reveals nothing internal.
 */
public final class ErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);

    private final ClientApiCodec defaultApi;
    private final TurnRecorder recorder;

    public ErrorResponder(ClientApiCodec defaultApi) {
        this(defaultApi, TurnRecorder.NONE);
    }

    /** {@code recorder} (the ledger) is told a turn refused before any upstream attempt, as one without attempts. */
    public ErrorResponder(ClientApiCodec defaultApi, TurnRecorder recorder) {
        this.defaultApi = defaultApi;
        this.recorder = recorder;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TurnError error = toError(failure, exchange);
        refusedTurn(exchange, error);
        HttpMessage http = exchange.getIn() instanceof HttpMessage m ? m : null;
        if (http != null && (http.getResponse().headWritten() || http.getResponse().ended())) {
            return;
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, error.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (error.retryAfterSeconds() != null) {
            exchange.getMessage().setHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        Map<?, ?> known = exchange.getProperty(ExchangeKeys.RESPONSE_HEADERS, Map.class);
        if (known != null) {
            known.forEach((name, value) -> exchange.getMessage().setHeader(name.toString(), value));
        }
        exchange.getMessage().setBody(clientApi(exchange).errorBody(error));
    }

    /**
     * A turn (the entry named its API) that ends here made no upstream attempt, or the relay told the ledger already:
     * the access log and the metrics still see it once, with what the client is told.
     */
    private void refusedTurn(Exchange exchange, TurnError error) {
        if (exchange.getProperty(ExchangeKeys.API) == null || exchange.getProperty(ExchangeKeys.OBSERVED) != null) {
            return;
        }
        exchange.setProperty(ExchangeKeys.CLIENT_STATUS, error.status());
        exchange.setProperty(ExchangeKeys.CLIENT_ERROR_CODE, error.code());
        try {
            recorder.turnEnded(exchange, new TurnUsage());
        } catch (RuntimeException e) {
            LOG.warn("Could not record a refused turn: {}", e.toString());
        }
    }

    /** The API the request came in on; before the entry named it, the default API's shape. */
    private ClientApiCodec clientApi(Exchange exchange) {
        ClientApiCodec api = exchange.getProperty(ExchangeKeys.API, ClientApiCodec.class);
        return api != null ? api : defaultApi;
    }

    static TurnError toError(Throwable failure, Exchange exchange) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof GatewayException known) {
                return known.error();
            }
            if (cause instanceof DirectConsumerNotAvailableException) {
                return new TurnError(503, "server_error", "provider_unavailable",
                        "The provider route is not available right now (it may be reloading); retry shortly.", null, 1L);
            }
            cause = cause.getCause();
        }
        LOG.error("unexpected failure on route {}", exchange.getFromRouteId(), failure);
        return new TurnError(500, "server_error", "internal_error",
                "The gateway failed unexpectedly; the failure has been logged.", null, null);
    }
}
