package io.camelgateway.routing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.ClientApiCodec;
import io.camelgateway.api.RequestValidationException;
import io.camelgateway.api.RoutingFacts;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.exchange.ResponseHeaders;
import io.camelgateway.trace.GatewayTracing;
import io.camelgateway.trace.TraceStep;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The entry's routing step: counts the input tokens, checks {@code x-gateway-tier}, and for a routed alias sets
 * the facts the router route decides on. Every fact header is overwritten, so a client cannot pre-set one.
 */
public final class TurnRouting {

    private final InputTokenCounter tokens;
    private final Set<String> routedAliases;
    private final int recentTurns;

    public TurnRouting(InputTokenCounter tokens, Set<String> routedAliases, int recentTurns) {
        this.tokens = tokens;
        this.routedAliases = Set.copyOf(routedAliases);
        this.recentTurns = recentTurns;
    }

    /** @return true when the model is a routed alias and the router route must pick the target */
    public boolean prepare(Exchange exchange, ClientApiCodec api, ObjectNode body, String model) {
        Message message = exchange.getMessage();
        RoutingFacts facts = api.routingFacts(body, name -> message.getHeader(name, String.class), recentTurns);
        int inputTokens;
        try (TraceStep counting = GatewayTracing.step(exchange, "gateway.count_tokens")) {
            inputTokens = tokens.count(facts);
            counting.attribute("gateway.input_tokens.counted", inputTokens);
        }
        message.setHeader(ExchangeKeys.INPUT_TOKENS, inputTokens);
        ResponseHeaders.of(exchange).put("x-gateway-input-tokens", Integer.toString(inputTokens));
        String tier = tier(message.getHeader(ExchangeKeys.TIER_REQUEST_HEADER, String.class));
        boolean routed = routedAliases.contains(model);
        exchange.setProperty(ExchangeKeys.ROUTED, routed);
        if (!routed) {
            ResponseHeaders.of(exchange).put("x-gateway-route", "direct");
            return false;
        }
        message.setHeader(ExchangeKeys.TIER, tier);
        message.setHeader(ExchangeKeys.RECENT_TOOLS, String.join(",", facts.recentTools()));
        message.setHeader(ExchangeKeys.REASONING_EFFORT, facts.reasoningEffort());
        String team = exchange.getProperty(ExchangeKeys.KEY_TEAM, String.class);
        message.setHeader(ExchangeKeys.TEAM, team == null ? "" : team);
        return true;
    }

    static String tier(String header) {
        if (header == null || header.isBlank()) {
            return "";
        }
        String tier = header.trim();
        if (!"cheap".equals(tier) && !"flagship".equals(tier)) {
            throw new RequestValidationException("Invalid x-gateway-tier header '" + tier
                    + "': use 'cheap' or 'flagship', or leave it out.", ExchangeKeys.TIER_REQUEST_HEADER);
        }
        return tier;
    }
}
