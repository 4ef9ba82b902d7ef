package io.camelgateway.relay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderCodec;
import io.camelgateway.provider.ProviderTarget;
import java.util.Map;
import org.apache.camel.Exchange;

/** Turns the exchange (client body + the target the provider route chose) into a {@link TurnPlan}. */
public final class TurnPlanner {

    private final ProviderCodecs codecs;

    public TurnPlanner(ProviderCodecs codecs) {
        this.codecs = codecs;
    }

    TurnPlan plan(Exchange exchange) {
        return plan(exchange, ProviderTargets.targetOf(exchange));
    }

    /** Plans the client's turn for {@code target} (the routed one, or a fallback's). */
    TurnPlan plan(Exchange exchange, ProviderTarget target) {
        ClientTurn turn = clientTurn(exchange);
        String clientModel = exchange.getProperty(ExchangeKeys.CLIENT_MODEL, String.class);
        long start = exchange.getProperty(ExchangeKeys.START_NANOS, System.nanoTime(), Long.class);
        ProviderCodec codec = codecs.get(target.protocol());
        if (codec == null) {
            throw new GatewayException(new TurnError(500, "gateway_configuration_error", "unknown_protocol",
                    "Provider '" + target.provider() + "' is configured with unknown protocol '" + target.protocol()
                            + "'. Contact the gateway's operator.", null, null));
        }
        ProviderCall call = codec.prepare(turn, target);
        return new TurnPlan(turn.api(), turn.body(), clientModel, turn.stream(), target, call, start,
                responseHeaders(exchange));
    }

    /** The client's turn, made once per exchange so fallbacks share its decoded form. */
    @SuppressWarnings("unchecked")
    static ClientTurn clientTurn(Exchange exchange) {
        ClientTurn turn = exchange.getProperty(ExchangeKeys.CLIENT_TURN, ClientTurn.class);
        if (turn == null) {
            turn = new ClientTurn(exchange.getProperty(ExchangeKeys.API, ClientApiCodec.class),
                    exchange.getProperty(ExchangeKeys.BODY, ObjectNode.class),
                    exchange.getProperty(ExchangeKeys.CLIENT_HEADERS, Map.class));
            exchange.setProperty(ExchangeKeys.CLIENT_TURN, turn);
        }
        return turn;
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> responseHeaders(Exchange exchange) {
        Map<String, String> headers = exchange.getProperty(ExchangeKeys.RESPONSE_HEADERS, Map.class);
        return headers == null ? Map.of() : Map.copyOf(headers);
    }
}
