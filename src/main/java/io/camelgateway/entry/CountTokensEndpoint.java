package io.camelgateway.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.ClientApis;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.json.Json;
import io.camelgateway.keys.Authenticator;
import io.camelgateway.routing.InputTokenCounter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Answers a client API's token-count request ({@code POST /v1/messages/count_tokens}) locally: the gateway's own
 * o200k count of the body (as the router counts it) times a safety factor, rounded up, marked as an estimate in
 * {@code x-gateway-token-count}. No provider is called, so no client key ever leaves the gateway; the request still
 * needs the key a turn needs. An understated count would let a client compact too late, hence the factor.
 */
public final class CountTokensEndpoint implements Processor {

    private final ClientApis apis;
    private final InputTokenCounter counter;
    private final double factor;
    private final int recentTurns;
    private final Authenticator authenticator;

    public CountTokensEndpoint(ClientApis apis, InputTokenCounter counter, double factor, int recentTurns,
                               Authenticator authenticator) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException(
                    "gateway.tokens.estimate-factor must be a number above 0, not " + factor);
        }
        this.apis = apis;
        this.counter = counter;
        this.factor = factor;
        this.recentTurns = recentTurns;
        this.authenticator = authenticator;
    }

    @Override
    public void process(Exchange exchange) {
        ClientApiCodec api = apis.forPath(path(exchange));
        exchange.setProperty(ExchangeKeys.API, api);
        authenticator.authenticate(exchange.getMessage().getHeader("Authorization", String.class),
                exchange.getMessage().getHeader("x-api-key", String.class));
        TurnEntry.refuseFormBodies(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
        ObjectNode body = TurnEntry.parse(exchange.getMessage().getBody(byte[].class));
        api.validateCountRequest(body);
        int counted = counter.count(api.routingFacts(body,
                name -> exchange.getMessage().getHeader(name, String.class), recentTurns));
        long estimate = (long) Math.ceil(counted * factor);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader("x-gateway-token-count", "estimate");
        exchange.getMessage().setBody(Json.bytes(Json.object().put("input_tokens", estimate)));
    }

    private static String path(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage http ? http.getRequest().path()
                : exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
    }
}
