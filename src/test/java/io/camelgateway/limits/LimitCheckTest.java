package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.GatewayException;
import io.camelgateway.api.chat.ChatApiCodec;
import io.camelgateway.api.messages.MessagesApiCodec;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.Usage;
import io.camelgateway.exchange.ExchangeKeys;
import io.camelgateway.shared.LocalCounters;
import io.camelgateway.shared.SharedSettings;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LimitCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LimitScope KEY = LimitScope.key("k1", "alice");
    private static final LimitScope TEAM = LimitScope.team("platform");

    private final CamelContext camel = new DefaultCamelContext();
    private final MutableClock clock = new MutableClock("2026-11-29T10:00:20Z");
    private final List<String> estimates = new ArrayList<>();
    /** $1 per thousand tokens, input and output alike. */
    private final PriceEstimate prices = (provider, model, in, maxOut) -> {
        estimates.add(model + " " + in + " " + maxOut);
        return BigDecimal.valueOf(in + maxOut).movePointLeft(3);
    };

    private Budgets budgets;
    private LimitCheck check;

    private void limits(Map<LimitScope, ScopeLimits> limits) {
        LimitsLookup lookup = scope -> limits.getOrDefault(scope, ScopeLimits.NONE);
        LocalCounters counters = new LocalCounters(SharedSettings.defaults(), clock::millis);
        budgets = new Budgets(counters, lookup,
                new BudgetSettings(80, 110, ZoneOffset.UTC, "finops@example.com"), clock);
        check = new LimitCheck(budgets, new RateLimits(counters, lookup), prices, 1000);
    }

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    private Exchange exchange(String body, int inputTokens) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(ExchangeKeys.KEY_ID, "k1");
        exchange.setProperty(ExchangeKeys.KEY_OWNER, "alice");
        exchange.setProperty(ExchangeKeys.KEY_TEAM, "platform");
        exchange.setProperty(ExchangeKeys.CLIENT_MODEL, "cheap");
        exchange.setProperty(ExchangeKeys.UPSTREAM_MODEL, "gpt-5.4-mini");
        exchange.setProperty(ExchangeKeys.BODY, JSON.readTree(body));
        exchange.getMessage().setHeader(ExchangeKeys.INPUT_TOKENS, inputTokens);
        return exchange;
    }

    private static ScopeLimits dailyUsd(String usd) {
        return new ScopeLimits(Map.of(BudgetPeriod.DAY, new BigDecimal(usd)), 0, 0);
    }

    @Test
    void reservesTheUpstreamModelsPriceForInputAndTheRequestsMaxOutputThenSettlesToTheRealCost() throws Exception {
        limits(Map.of(TEAM, dailyUsd("100")));
        Exchange exchange = exchange("{\"max_output_tokens\":3000}", 2000);
        check.before(exchange);
        assertEquals(List.of("gpt-5.4-mini 2000 3000"), estimates);
        assertEquals(0, new BigDecimal("5").compareTo(budgets.committedUsd(TEAM, BudgetPeriod.DAY)));
        check.after(exchange, new Usage(2000, 0, 0, 120, 0), new BigDecimal("2.12"));
        assertEquals(0, new BigDecimal("2.12").compareTo(budgets.spentUsd(TEAM, BudgetPeriod.DAY)));
        assertEquals(0, new BigDecimal("2.12").compareTo(budgets.committedUsd(TEAM, BudgetPeriod.DAY)));
        assertNull(exchange.getProperty(ExchangeKeys.LIMIT_TICKET));
    }

    @Test
    void withoutAMaxOutputTheConfiguredDefaultIsReserved() throws Exception {
        limits(Map.of(TEAM, dailyUsd("100")));
        check.before(exchange("{\"max_tokens\":0}", 10));
        assertEquals(List.of("gpt-5.4-mini 10 1000"), estimates);
    }

    @Test
    void aFailureBeforeAnyTokenReleasesTheReservation() throws Exception {
        limits(Map.of(KEY, dailyUsd("100")));
        Exchange exchange = exchange("{}", 1000);
        check.before(exchange);
        check.released(exchange);
        check.after(exchange, Usage.ZERO, BigDecimal.ONE);
        assertEquals(0, BigDecimal.ZERO.compareTo(budgets.committedUsd(KEY, BudgetPeriod.DAY)));
    }

    @Test
    void aRequestWithoutAVirtualKeyIsNotLimited() throws Exception {
        limits(Map.of(TEAM, dailyUsd("0.000001")));
        Exchange exchange = new DefaultExchange(camel);
        check.before(exchange);
        assertNull(exchange.getProperty(ExchangeKeys.LIMIT_TICKET));
        assertTrue(estimates.isEmpty());
    }

    @Test
    void pastEightyPercentTheResponseCarriesTheWarningHeader() throws Exception {
        limits(Map.of(TEAM, dailyUsd("10")));
        Exchange exchange = exchange("{\"max_output_tokens\":4000}", 4500);
        check.before(exchange);
        Map<?, ?> headers = exchange.getProperty(ExchangeKeys.RESPONSE_HEADERS, Map.class);
        assertEquals("team:platform/day 85%", headers.get(LimitCheck.WARNING_HEADER));
        assertEquals(1, check.warningCount());
    }

    @Test
    void aRequestWhoseEstimateAloneDoesNotFitIsToldSoNotThatTheBudgetIsUsedUp() throws Exception {
        limits(Map.of(KEY, dailyUsd("1")));
        GatewayException refused = assertThrows(GatewayException.class,
                () -> check.before(exchange("{\"max_output_tokens\":2000}", 10)));
        assertEquals("Budget exceeded: the daily budget of the key of alice ($1.00) cannot cover this request, which "
                + "may cost up to $2.01 (0% spent or reserved). Lower the request's max output tokens, or ask "
                + "finops@example.com to raise it; it resets at 2026-11-30T00:00:00Z.", refused.error().message());
    }

    @Test
    void aSpentBudgetIsRefusedWithA400NamingWhoseWhomAndWhenInEachClientsShape() throws Exception {
        limits(Map.of(KEY, dailyUsd("1")));
        check.after(withTicket(exchange("{}", 0)), null, new BigDecimal("1.10"));
        GatewayException refused = assertThrows(GatewayException.class,
                () -> check.before(exchange("{\"max_output_tokens\":10}", 10)));
        TurnError error = refused.error();
        assertEquals(400, error.status());
        assertEquals(LimitErrors.BUDGET_EXCEEDED, error.code());
        assertNull(error.retryAfterSeconds());
        assertEquals("Budget exceeded: the daily budget of the key of alice ($1.00) is used up (110% spent or "
                + "reserved). Ask finops@example.com to raise it; it resets at 2026-11-30T00:00:00Z.", error.message());
        assertEquals(1, check.budgetRefusalCount());

        JsonNode responses = JSON.readTree(new ResponsesApiCodec().errorBody(error)).path("error");
        assertEquals("budget_exceeded", responses.path("code").asText());
        assertEquals(error.message(), responses.path("message").asText());
        JsonNode chat = JSON.readTree(new ChatApiCodec().errorBody(error)).path("error");
        assertEquals("budget_exceeded", chat.path("code").asText());
        JsonNode messages = JSON.readTree(new MessagesApiCodec().errorBody(error));
        assertEquals("invalid_request_error", messages.path("error").path("type").asText());
        assertEquals(error.message(), messages.path("error").path("message").asText());
    }

    private Exchange withTicket(Exchange exchange) {
        check.before(exchange);
        return exchange;
    }

    @Test
    void aFullRateWindowIsA429WithRetryAfterAndHoldsNoBudget() throws Exception {
        limits(Map.of(KEY, new ScopeLimits(Map.of(BudgetPeriod.DAY, new BigDecimal("100")), 1, 0)));
        check.before(exchange("{}", 10));
        GatewayException limited = assertThrows(GatewayException.class, () -> check.before(exchange("{}", 10)));
        assertEquals(429, limited.error().status());
        assertEquals(LimitErrors.RATE_LIMIT_EXCEEDED, limited.error().code());
        assertEquals(40L, limited.error().retryAfterSeconds(), "the window closes at 10:01:00");
        assertTrue(limited.error().message().contains("try again in 40s"), limited.error().message());
        assertEquals(0, new BigDecimal("1.01").compareTo(budgets.committedUsd(KEY, BudgetPeriod.DAY)),
                "only the admitted request holds budget");
    }

    @Test
    void aRequestLargerThanTheMinutesTokensIsA400NotARetryLoop() throws Exception {
        limits(Map.of(TEAM, new ScopeLimits(Map.of(), 0, 500)));
        GatewayException refused = assertThrows(GatewayException.class, () -> check.before(exchange("{}", 501)));
        assertEquals(400, refused.error().status());
        assertEquals(LimitErrors.REQUEST_TOO_LARGE, refused.error().code());
    }

    @Test
    void settingsGiveLimitsPerIdWithADefault() {
        SettingsLimits settings = new SettingsLimits(Map.of(
                "team.default.budget-month-usd", "500",
                "team.platform.budget-day-usd", "20",
                "team.platform.rpm", "100",
                "key.default.tpm", "200000"));
        ScopeLimits platform = settings.limitsOf(TEAM);
        assertEquals(Map.of(BudgetPeriod.DAY, new BigDecimal("20"), BudgetPeriod.MONTH, new BigDecimal("500")),
                platform.budgetsUsd());
        assertEquals(100, platform.requestsPerMinute());
        assertEquals(200000, settings.limitsOf(KEY).tokensPerMinute());
        assertEquals(Map.of(BudgetPeriod.MONTH, new BigDecimal("500")),
                settings.limitsOf(LimitScope.team("other")).budgetsUsd());
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> new SettingsLimits(Map.of("team.platform.budget-year-usd", "1")));
        assertTrue(bad.getMessage().contains("gateway.limits.team.platform.budget-year-usd"), bad.getMessage());
        assertThrows(IllegalStateException.class, () -> new SettingsLimits(Map.of("key.k1.rpm", "-1")));
    }
}
