package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.ResponsesAnswer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets and rate limits in the running gateway (auth mode keys, in-process counters): reserve before the call,
 * settle to the ledger's cost after, warnings, refusals and their metrics.
 */
class LimitsGatewayTest {

    private static LimitsGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = LimitsGateway.start(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void twoHundredConcurrentTurnsNeverPassANearlySpentTeamBudgetAndNothingIsFalselyRefusedAfterSettling()
            throws Exception {
        gw.createTeam("{\"name\":\"racing\",\"budget\":{\"usd\":1,\"period\":\"day\"}}");
        LimitsGateway.Key key = gw.issueKey("racer", "\"team\":\"racing\"");
        BigDecimal hardLimit = new BigDecimal("1.10");
        String body = LimitsGateway.turn("openai/gpt-5-race", false, 64);
        BigDecimal estimate = null;
        int earlier = 14; // 14 × $0.059 = $0.826 of the $1.00 budget: nearly spent
        for (int i = 1; i <= earlier; i++) {
            HttpResponse<String> answer = gw.responses(key, body);
            assertEquals(200, answer.statusCode(), answer.body());
            estimate = LimitsGateway.estimate(answer.headers(), 64);
            gw.ledgerSpend("gpt-5-race", i);
        }
        double refusalsBefore = gw.metric("gateway_budget_refusals_total");
        int upstreamBefore = gw.openai.requestCount();

        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<HttpResponse<String>>> wave = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                wave.add(pool.submit(() -> gw.responses(key, body)));
            }
            int granted = 0;
            int refused = 0;
            for (Future<HttpResponse<String>> answer : wave) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    granted++;
                } else {
                    assertEquals(400, response.statusCode(), response.body());
                    assertEquals("budget_exceeded", LimitsGateway.JSON.readTree(response.body())
                            .path("error").path("code").asText(), response.body());
                    refused++;
                }
            }
            assertEquals(200, granted + refused);
            assertEquals(granted, gw.openai.requestCount() - upstreamBefore, "a refused turn never went upstream");
            assertEquals(refused, gw.metric("gateway_budget_refusals_total") - refusalsBefore, 0.0);

            BigDecimal teamSpend = gw.ledgerSpend("gpt-5-race", earlier + granted);
            assertEquals(0, LimitsGateway.ANSWER_USD.multiply(BigDecimal.valueOf(earlier + granted)).compareTo(teamSpend),
                    "each turn settled to its real cost");
            // reservations are pessimistic (estimate ≥ real cost), so what was committed never passed the hard limit:
            // the overshoot over the budget is at most what the reservations in flight held
            assertTrue(teamSpend.compareTo(hardLimit) <= 0, "spent " + teamSpend + " past the hard limit");
            BigDecimal overshoot = teamSpend.subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
            System.out.println("200 concurrent turns against $" + BigDecimal.ONE.subtract(LimitsGateway.ANSWER_USD
                    .multiply(BigDecimal.valueOf(earlier))) + " left below the budget: " + granted + " granted, "
                    + refused + " refused, team spend $" + teamSpend + " (hard limit $" + hardLimit + ", overshoot $"
                    + overshoot + ", estimate per turn $" + estimate + ")");
            assertTrue(overshoot.compareTo(estimate.multiply(BigDecimal.valueOf(granted))) <= 0, "overshoot " + overshoot);

            // all settled: a turn that fits is granted; the first refusal comes only when the estimate no longer fits
            BigDecimal spent = teamSpend;
            int requests = earlier + granted;
            for (int i = 0; ; i++) {
                assertTrue(i < 20, "never refused");
                HttpResponse<String> answer = gw.responses(key, body);
                BigDecimal needed = spent.add(LimitsGateway.estimate(answer.headers(), 64));
                if (answer.statusCode() == 400) {
                    assertTrue(needed.compareTo(hardLimit) > 0, "false budget_exceeded at " + spent + ": " + answer.body());
                    String message = LimitsGateway.JSON.readTree(answer.body()).path("error").path("message").asText();
                    assertTrue(message.contains("team racing") && message.contains(LimitsGateway.CONTACT), message);
                    break;
                }
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(needed.compareTo(hardLimit) <= 0);
                spent = gw.ledgerSpend("gpt-5-race", ++requests);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFullRequestWindowIsAnswered429WithTheSecondsLeftInTheMinute() throws Exception {
        LimitsGateway.Key key = gw.issueKey("hasty", "\"limits\":{\"rpm\":2}");
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 50_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
        double refusalsBefore = gw.metric("gateway_rate_limit_refusals_total{kind=\"requests\"}");
        String body = LimitsGateway.turn("openai/gpt-5-rate", false, 64);
        assertEquals(200, gw.responses(key, body).statusCode());
        assertEquals(200, gw.responses(key, body).statusCode());
        int upstreamBefore = gw.openai.requestCount();
        long before = System.currentTimeMillis();
        HttpResponse<String> limited = gw.responses(key, body);
        long after = System.currentTimeMillis();

        assertEquals(429, limited.statusCode(), limited.body());
        long retryAfter = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
        assertTrue(retryAfter >= secondsLeftInMinute(after) && retryAfter <= secondsLeftInMinute(before),
                "Retry-After " + retryAfter + " is not the rest of the minute");
        JsonNode error = LimitsGateway.JSON.readTree(limited.body()).path("error");
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertTrue(error.path("message").asText().endsWith("Please try again in " + retryAfter + "s."), error.toString());
        assertEquals(upstreamBefore, gw.openai.requestCount(), "a limited turn never goes upstream");
        assertEquals(1, gw.metric("gateway_rate_limit_refusals_total{kind=\"requests\"}") - refusalsBefore, 0.0);
    }

    @Test
    void pastEightyPercentTheAnswerCarriesTheBudgetWarningWholeOrStreamed() throws Exception {
        String whole = LimitsGateway.turn("openai/gpt-5-warn", false, 200);
        BigDecimal estimate = estimateOf(whole, 200);
        // $0.059 spent + one estimate is 85 % of the budget; one more turn still fits under 110 %
        BigDecimal budget = LimitsGateway.ANSWER_USD.add(estimate).divide(new BigDecimal("0.85"), 2, RoundingMode.HALF_UP);
        LimitsGateway.Key key = gw.issueKey("warned", "\"budget\":{\"usd\":" + budget.toPlainString()
                + ",\"period\":\"day\"}");
        double warningsBefore = gw.metric("gateway_budget_warnings_total");

        HttpResponse<String> first = gw.responses(key, whole);
        assertEquals(200, first.statusCode(), first.body());
        assertFalse(first.headers().firstValue(LimitCheck.WARNING_HEADER).isPresent(), "below 80 %: no warning");
        gw.ledgerSpend("gpt-5-warn", 2);

        HttpResponse<String> second = gw.responses(key, whole);
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("key:" + key.id() + "/day " + percent(LimitsGateway.ANSWER_USD.add(estimate), budget) + "%",
                second.headers().firstValue(LimitCheck.WARNING_HEADER).orElse(null));

        gw.ledgerSpend("gpt-5-warn", 3);
        LimitsGateway.Streamed third = gw.stream(key, LimitsGateway.turn("openai/gpt-5-warn", true, 200));
        assertEquals(200, third.status(), third.raw());
        assertEquals("response.completed", third.types().get(third.types().size() - 1), third.raw());
        BigDecimal streamedEstimate = LimitsGateway.estimate(third.headers(), 200);
        BigDecimal committed = LimitsGateway.ANSWER_USD.multiply(BigDecimal.valueOf(2)).add(streamedEstimate);
        assertEquals("key:" + key.id() + "/day " + percent(committed, budget) + "%",
                third.headers().firstValue(LimitCheck.WARNING_HEADER).orElse(null), "the streamed turn's head");
        assertEquals(2, gw.metric("gateway_budget_warnings_total") - warningsBefore, 0.0);
    }

    @Test
    void aStreamThatGoesPastTheBudgetWhileStreamingCompletesAndIsChargedInFull() throws Exception {
        String streamedTurn = LimitsGateway.turn("openai/gpt-5-stream", true, 16);
        BigDecimal estimate = estimateOf(streamedTurn, 16);
        // the reservation fits under the hard limit; the real cost ($0.059) does not
        BigDecimal hardLimit = estimate.add(LimitsGateway.ANSWER_USD).divide(BigDecimal.valueOf(2));
        BigDecimal budget = hardLimit.divide(new BigDecimal("1.1"), 6, RoundingMode.HALF_UP);
        assertTrue(estimate.compareTo(budget.multiply(new BigDecimal("1.1"))) < 0);
        assertTrue(LimitsGateway.ANSWER_USD.compareTo(budget.multiply(new BigDecimal("1.1"))) > 0);
        LimitsGateway.Key key = gw.issueKey("streamer", "\"budget\":{\"usd\":" + budget.toPlainString()
                + ",\"period\":\"day\"}");
        gw.openai.enqueue(FakeOpenAiServer.Reply.sse(new ResponsesAnswer().text("a long answer, slowly streamed")
                .sse()).paced(Duration.ofMillis(40)));

        LimitsGateway.Streamed streamed = gw.stream(key, streamedTurn);
        assertEquals(200, streamed.status(), streamed.raw());
        assertTrue(streamed.types().contains("response.output_text.delta"), streamed.raw());
        assertEquals("response.completed", streamed.types().get(streamed.types().size() - 1), streamed.raw());

        assertEquals(0, LimitsGateway.ANSWER_USD.multiply(BigDecimal.valueOf(2))
                .compareTo(gw.ledgerSpend("gpt-5-stream", 2)), "charged in full");
        HttpResponse<String> next = gw.responses(key, LimitsGateway.turn("openai/gpt-5-stream", false, 16));
        assertEquals(400, next.statusCode(), "the streamed turn was charged its real cost: " + next.body());
        assertTrue(next.body().contains("budget_exceeded"), next.body());
    }

    @Test
    void refusedKeysAdminTokensAndUnpricedModelsAreCounted() throws Exception {
        double missing = gw.metric("gateway_auth_failures_total{reason=\"missing\"}");
        double invalid = gw.metric("gateway_auth_failures_total{reason=\"invalid\"}");
        double revoked = gw.metric("gateway_auth_failures_total{reason=\"revoked\"}");
        double notAllowed = gw.metric("gateway_auth_failures_total{reason=\"model_not_allowed\"}");
        double expired = gw.metric("gateway_auth_failures_total{reason=\"expired\"}");
        double disabled = gw.metric("gateway_auth_failures_total{reason=\"disabled\"}");
        double admin = gw.metric("gateway_admin_auth_failures_total");
        double unpriced = gw.metric("gateway_unpriced_calls_total");
        double written = gw.metric("gateway_ledger_rows_written_total");
        String body = LimitsGateway.turn(false, 64);

        assertEquals(401, gw.responses(new LimitsGateway.Key("none", ""), body).statusCode());
        assertEquals(401, gw.responses(new LimitsGateway.Key("none", "sk-gw-" + "A".repeat(43)), body).statusCode());
        LimitsGateway.Key gone = gw.issueKey("leaver", "");
        assertEquals(200, gw.admin("DELETE", "/admin/keys/" + gone.id(), null).statusCode());
        assertEquals(401, gw.responses(gone, body).statusCode());
        LimitsGateway.Key old = gw.issueKey("past", "\"expires_at\":\"2020-01-01T00:00:00Z\"");
        assertEquals(401, gw.responses(old, body).statusCode());
        LimitsGateway.Key off = gw.issueKey("paused", "\"enabled\":false");
        assertEquals(401, gw.responses(off, body).statusCode());
        LimitsGateway.Key narrow = gw.issueKey("narrow", "\"models\":[\"anthropic/*\"]");
        assertEquals(403, gw.responses(narrow, body).statusCode());
        LimitsGateway.Key wide = gw.issueKey("wide", "");
        HttpResponse<String> unpricedTurn = gw.responses(wide, body.replace(LimitsGateway.MODEL, "openai/gpt-unpriced"));
        assertEquals(200, unpricedTurn.statusCode(), unpricedTurn.body());
        assertEquals(null, gw.ledgerSpend("gpt-unpriced", 1), "an unpriced model's cost is unknown");
        HttpResponse<String> badAdmin = adminWithToken("not-the-admin-token");
        assertEquals(401, badAdmin.statusCode());

        assertEquals(1, gw.metric("gateway_auth_failures_total{reason=\"missing\"}") - missing, 0.0);
        assertEquals(1, gw.metric("gateway_auth_failures_total{reason=\"invalid\"}") - invalid, 0.0);
        assertEquals(1, gw.metric("gateway_auth_failures_total{reason=\"revoked\"}") - revoked, 0.0);
        assertEquals(1, gw.metric("gateway_auth_failures_total{reason=\"model_not_allowed\"}") - notAllowed, 0.0);
        assertEquals(1, gw.metric("gateway_auth_failures_total{reason=\"expired\"}") - expired, 0.0);
        assertEquals(1, gw.metric("gateway_auth_failures_total{reason=\"disabled\"}") - disabled, 0.0);
        assertEquals(1, gw.metric("gateway_admin_auth_failures_total") - admin, 0.0);
        assertEquals(1, gw.metric("gateway_unpriced_calls_total") - unpriced, 0.0);
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (gw.metric("gateway_ledger_rows_written_total") <= written && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(gw.metric("gateway_ledger_rows_written_total") > written, "ledger writes are counted");
        assertEquals(0, gw.metric("gateway_ledger_rows_dropped_total"), 0.0);
        assertEquals(0, gw.metric("gateway_shared_state_degraded"), 0.0);
        String ready = io.camelgateway.testing.SseClient.get(gw.baseUrl() + "/ready").body();
        assertTrue(ready.contains("\"shared_state\":{\"mode\":\"local\",\"degraded\":false}"), ready);
    }

    private static HttpResponse<String> adminWithToken(String token) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gw.baseUrl() + "/admin/keys"))
                .header("authorization", "Bearer " + token).GET().build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The reservation of {@code body}, from the input tokens the gateway counts (asked with an unlimited key). */
    private static BigDecimal estimateOf(String body, int maxOutputTokens) throws Exception {
        LimitsGateway.Key unlimited = gw.issueKey("calibration", "");
        HttpHeaders headers = body.contains("\"stream\":true") ? gw.stream(unlimited, body).headers()
                : gw.responses(unlimited, body).headers();
        return LimitsGateway.estimate(headers, maxOutputTokens);
    }

    private static long secondsLeftInMinute(long epochMillis) {
        return (60_000 - epochMillis % 60_000 + 999) / 1000;
    }

    private static int percent(BigDecimal committed, BigDecimal budget) {
        return committed.multiply(BigDecimal.valueOf(100)).divide(budget, 0, RoundingMode.FLOOR).intValue();
    }
}
