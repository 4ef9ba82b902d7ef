package io.camelgateway.exchange;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** The headers the relay (and the error responder) add to every response of a request. */
public final class ResponseHeaders {

    private ResponseHeaders() {
    }

    /** The request's map, created on first use. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> of(Exchange exchange) {
        Map<String, String> headers = exchange.getProperty(ExchangeKeys.RESPONSE_HEADERS, Map.class);
        if (headers == null) {
            headers = new LinkedHashMap<>();
            exchange.setProperty(ExchangeKeys.RESPONSE_HEADERS, headers);
        }
        return headers;
    }
}
