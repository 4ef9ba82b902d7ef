package io.camelgateway.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.canonical.Usage;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.exchange.ResponseHeaders;
import io.camelgateway.observe.GatewayEvents;
import io.camelgateway.usage.TurnCharge;
import io.camelgateway.usage.TurnSettlement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hook the entry calls around a turn. {@link #before} runs once the input tokens are counted and the model is
 * known, before the first upstream attempt: it reserves the pessimistic cost against the budgets of the request's
 * key and team and takes the request and its input tokens from their rate windows, or throws a
 * {@link GatewayException} the entry answers in the client's shape. When the ledger has priced the finished request
 * ({@link #turnCharged}) it settles to the real cost and output tokens ({@link #after}), or gives everything back when
 * every attempt failed before using a token ({@link #released}); should neither run (a failure between this step and
 * the relay), the exchange's completion releases it. Nothing here runs while a turn streams, so a turn that has
 * started is never cut for budget.
 */
public final class LimitCheck implements Processor, TurnSettlement {

    public static final String WARNING_HEADER = "x-gateway-budget-warning";
    private static final Logger LOG = LoggerFactory.getLogger(LimitCheck.class);
    /** Output fields of the Responses, Chat Completions and Messages APIs, in that order. */
    private static final List<String> MAX_OUTPUT_FIELDS = List.of("max_output_tokens", "max_completion_tokens",
            "max_tokens");

    private final Budgets budgets;
    private final RateLimits rates;
    private final PriceEstimate prices;
    private final long defaultMaxOutputTokens;
    private final AtomicLong warnings = new AtomicLong();
    private final AtomicLong budgetRefusals = new AtomicLong();
    private final Map<String, AtomicLong> rateRefusals = new ConcurrentHashMap<>();
    private volatile GatewayEvents events = GatewayEvents.NONE;

    public LimitCheck(Budgets budgets, RateLimits rates, PriceEstimate prices, long defaultMaxOutputTokens) {
        this.budgets = budgets;
        this.rates = rates;
        this.prices = prices;
        this.defaultMaxOutputTokens = defaultMaxOutputTokens;
    }

    /** {@code events} hears of every budget warning and refusal (a WARN line and a counter). */
    public void reportTo(GatewayEvents events) {
        this.events = events;
    }

    /** As a route step ({@code - process: ref: limitCheck}) it is {@link #before}. */
    @Override
    public void process(Exchange exchange) {
        before(exchange);
    }

    public void before(Exchange exchange) {
        List<LimitScope> scopes = scopes(exchange);
        if (scopes.isEmpty()) {
            return;
        }
        long inputTokens = inputTokens(exchange);
        BigDecimal estimate = prices.estimateUsd(exchange.getProperty(ExchangeKeys.PROVIDER, String.class),
                model(exchange), inputTokens, maxOutputTokens(exchange));
        BudgetDecision budget = budgets.reserve(scopes, estimate);
        if (budget instanceof BudgetDecision.Refused refused) {
            budgetRefusals.incrementAndGet();
            events.budgetEvent(scopeKind(refused.refusal().scope()), refused.refusal().scope().id(), true);
            LOG.info("budget refused: {} {} at {}%", refused.refusal().scope().storeKey(),
                    refused.refusal().period().label(), refused.refusal().percentUsed());
            throw new GatewayException(LimitErrors.budgetExceeded(refused.refusal()));
        }
        Budgets.Reservation reservation = ((BudgetDecision.Granted) budget).reservation();
        RateDecision rate = rates.admit(scopes, inputTokens);
        if (rate instanceof RateDecision.Limited limited) {
            budgets.release(reservation);
            countRateRefusal(limited.limit());
            throw new GatewayException(LimitErrors.rateLimited(limited));
        }
        if (rate instanceof RateDecision.TooLarge tooLarge) {
            budgets.release(reservation);
            countRateRefusal("too_large");
            throw new GatewayException(LimitErrors.tooLarge(tooLarge));
        }
        if (!reservation.warnings().isEmpty()) {
            warnings.addAndGet(reservation.warnings().size());
            for (BudgetWarning warning : reservation.warnings()) {
                events.budgetEvent(scopeKind(warning.scope()), warning.scope().id(), false);
            }
            String value = reservation.warnings().stream().map(BudgetWarning::headerValue)
                    .collect(Collectors.joining(", "));
            LOG.info("budget warning: {}", value);
            ResponseHeaders.of(exchange).put(WARNING_HEADER, value);
        }
        exchange.setProperty(ExchangeKeys.LIMIT_TICKET,
                new LimitTicket(reservation, ((RateDecision.Admitted) rate).ticket(), estimate));
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange finished) {
                released(finished);
            }
        });
    }

    /** The ledger priced the finished request: settle to it, or give everything back when no token was used. */
    @Override
    public void turnCharged(Exchange exchange, TurnCharge charge) {
        if (!charge.usedTokens()) {
            released(exchange);
            return;
        }
        if (charge.costUsd() == null && exchange.getProperty(ExchangeKeys.LIMIT_TICKET) != null) {
            LOG.debug("turn cost unknown: the budget keeps the reservation as an estimate");
        }
        after(exchange, charge.usage(), charge.costUsd());
    }

    /**
     * Settles the turn: the budget to {@code actualCostUsd} (null when the price or usage is unknown: the
     * reservation stays as the estimate) and the output tokens into the token windows.
     */
    public void after(Exchange exchange, Usage usage, BigDecimal actualCostUsd) {
        LimitTicket ticket = exchange.getProperty(ExchangeKeys.LIMIT_TICKET, LimitTicket.class);
        if (ticket == null) {
            return;
        }
        exchange.removeProperty(ExchangeKeys.LIMIT_TICKET);
        budgets.settle(ticket.reservation(), actualCostUsd);
        rates.settleOutput(ticket.rates(), usage == null ? 0 : usage.outputTokens());
    }

    /** Gives the reservation back: every attempt failed before the provider used a token. */
    public void released(Exchange exchange) {
        LimitTicket ticket = exchange.getProperty(ExchangeKeys.LIMIT_TICKET, LimitTicket.class);
        if (ticket == null) {
            return;
        }
        exchange.removeProperty(ExchangeKeys.LIMIT_TICKET);
        budgets.release(ticket.reservation());
    }

    public long warningCount() {
        return warnings.get();
    }

    public long budgetRefusalCount() {
        return budgetRefusals.get();
    }

    public long rateRefusalCount() {
        return rateRefusals.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Rate refusals by kind: {@code requests}, {@code tokens} (a full window) or {@code too_large}. */
    public long rateRefusalCount(String kind) {
        AtomicLong count = rateRefusals.get(kind);
        return count == null ? 0 : count.get();
    }

    private static String scopeKind(LimitScope scope) {
        return scope.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    private void countRateRefusal(String kind) {
        rateRefusals.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    static List<LimitScope> scopes(Exchange exchange) {
        List<LimitScope> scopes = new ArrayList<>(2);
        String keyId = blankToNull(exchange.getProperty(ExchangeKeys.KEY_ID, String.class));
        String owner = blankToNull(exchange.getProperty(ExchangeKeys.KEY_OWNER, String.class));
        String team = blankToNull(exchange.getProperty(ExchangeKeys.KEY_TEAM, String.class));
        if (keyId != null) {
            scopes.add(LimitScope.key(keyId, owner));
        }
        if (team != null) {
            scopes.add(LimitScope.team(team));
        }
        return scopes;
    }

    private static long inputTokens(Exchange exchange) {
        Integer counted = exchange.getMessage().getHeader(ExchangeKeys.INPUT_TOKENS, Integer.class);
        return counted == null ? 0 : counted;
    }

    private static String model(Exchange exchange) {
        for (String key : List.of(ExchangeKeys.UPSTREAM_MODEL, ExchangeKeys.ROUTED_MODEL, ExchangeKeys.CLIENT_MODEL)) {
            String model = blankToNull(exchange.getProperty(key, String.class));
            if (model != null) {
                return model;
            }
        }
        return "";
    }

    private long maxOutputTokens(Exchange exchange) {
        ObjectNode body = exchange.getProperty(ExchangeKeys.BODY, ObjectNode.class);
        if (body != null) {
            for (String field : MAX_OUTPUT_FIELDS) {
                JsonNode value = body.get(field);
                if (value != null && value.canConvertToLong() && value.asLong() > 0) {
                    return value.asLong();
                }
            }
        }
        return defaultMaxOutputTokens;
    }


    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
