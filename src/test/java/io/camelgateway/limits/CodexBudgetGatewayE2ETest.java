package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.e2e.CodexCli;
import io.camelgateway.keys.Authenticator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Codex CLI against the gateway with a virtual key whose budget is spent: Codex shows the gateway's
 * message (whose budget, whom to ask, when it resets) once and stops; the gateway saw one turn and refused it, and
 * nothing went upstream.
 */
class CodexBudgetGatewayE2ETest {

    private static final String MODEL = "openai/gpt-5-codex";

    @Test
    @Timeout(180)
    void anExhaustedBudgetIsShownOnceWithOneGatewayRequestAndNoUpstreamRequest(@TempDir Path work) throws Exception {
        try (LimitsGateway gw = LimitsGateway.start(Map.of())) {
            LimitsGateway.Key key = gw.issueKey("dana", "\"team\":\"web\",\"budget\":{\"usd\":0.05,\"period\":\"month\"}");
            // the reservation (a few input tokens + 16 output) fits under the $0.055 hard limit; the $0.059 spent does
            // not, so from now on the budget is past its 110 %
            HttpResponse<String> spent = gw.responses(key, LimitsGateway.turn(MODEL, false, 16));
            assertEquals(200, spent.statusCode(), spent.body());
            gw.ledgerSpend("gpt-5-codex", 1);

            int upstreamBefore = gw.openai.requestCount();
            double refusalsBefore = gw.metric("gateway_budget_refusals_total");
            double authFailuresBefore = authFailures(gw);
            CodexCli.Result run = CodexCli.exec(gw.baseUrl(), MODEL, work, "Say hello.", Duration.ofSeconds(120),
                    key.secret());
            double gatewayTurns = gw.metric("gateway_budget_refusals_total") - refusalsBefore;
            String context = run.describe() + "\n--- refused turns at the gateway: " + gatewayTurns
                    + ", upstream requests: " + (gw.openai.requestCount() - upstreamBefore);
            System.out.println(context);

            assertFalse(run.timedOut(), context);
            assertEquals(1, gatewayTurns, 0.0, "Codex retried the budget refusal:\n" + context);
            assertEquals(authFailuresBefore, authFailures(gw), 0.0, "every turn bore the key:\n" + context);
            assertEquals(upstreamBefore, gw.openai.requestCount(), "a refused turn went upstream:\n" + context);
            String resetsAt = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1) + "T00:00:00Z";
            long shown = run.events().stream().filter(e -> "error".equals(e.path("type").asText()))
                    .filter(e -> e.path("message").asText().contains("Budget exceeded")).count();
            assertEquals(1, shown, "shown once:\n" + context);
            assertTrue(run.output().contains("the key of dana ($0.05) is used up (118% spent or reserved)"),
                    "whose budget is missing:\n" + context);
            assertTrue(run.output().contains(LimitsGateway.CONTACT), "whom to ask is missing:\n" + context);
            assertTrue(run.output().contains(resetsAt), "the reset time is missing:\n" + context);
        }
    }

    private static double authFailures(LimitsGateway gw) throws Exception {
        double sum = 0;
        for (String reason : Authenticator.FAILURE_REASONS) {
            sum += gw.metric("gateway_auth_failures_total{reason=\"" + reason + "\"}");
        }
        return sum;
    }
}
