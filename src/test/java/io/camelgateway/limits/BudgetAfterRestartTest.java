package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.testing.Closeables;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A restarted gateway (SIGTERM, then a new process on the same H2 file) starts each budget from the ledger's spend in
 * the current period instead of zero.
 */
class BudgetAfterRestartTest {

    private static final String MODEL = "openai/gpt-5-restart";
    private static final int SMALL_OUTPUT = 16;
    private static final int LARGE_OUTPUT = 200;
    private static final int TURNS = 16; // 16 × $0.059 = $0.944 of a $1 day budget

    @Test
    void aTurnThatWouldPassTheHardLimitIsRefusedAfterARestart() throws Exception {
        FakeOpenAiServer openai = LimitsGateway.fakeOpenAi();
        Path dir = Files.createTempDirectory("budget-restart");
        LimitsGateway first = null;
        LimitsGateway second = null;
        try {
            first = LimitsGateway.in(dir, openai, Map.of());
            LimitsGateway.Key key = first.issueKey("restarted", "\"budget\":{\"usd\":1,\"period\":\"day\"}");
            for (int i = 0; i < TURNS; i++) {
                HttpResponse<String> answer = first.responses(key, LimitsGateway.turn(MODEL, false, SMALL_OUTPUT));
                assertEquals(200, answer.statusCode(), answer.body());
            }
            HttpResponse<String> tooDear = first.responses(key, LimitsGateway.turn(MODEL, false, LARGE_OUTPUT));
            assertEquals(400, tooDear.statusCode(), "$0.944 spent + a ≥ $0.20 estimate passes $1.10: " + tooDear.body());
            int upstreamBefore = openai.requests().size();
            first.gateway.close(); // SIGTERM: the ledger writer drains its buffer
            first = null;

            second = LimitsGateway.in(dir, openai, Map.of());
            HttpResponse<String> refused = second.responses(key, LimitsGateway.turn(MODEL, false, LARGE_OUTPUT));
            assertEquals(400, refused.statusCode(), refused.body());
            JsonNode error = LimitsGateway.JSON.readTree(refused.body()).path("error");
            assertEquals("budget_exceeded", error.path("code").asText(), refused.body());
            assertEquals(upstreamBefore, openai.requests().size(), "the refused turn never went upstream");

            HttpResponse<String> fits = second.responses(key, LimitsGateway.turn(MODEL, false, SMALL_OUTPUT));
            assertEquals(200, fits.statusCode(), "the earlier spend is counted once, not twice: " + fits.body());
            String warning = fits.headers().firstValue(LimitCheck.WARNING_HEADER).orElse("");
            assertTrue(warning.matches("key:" + key.id() + "/day (9[4-9]|10[0-9])%"),
                    "spent $0.944 + this turn's estimate, of $1: " + warning);
            assertEquals(0, new BigDecimal("1.003").compareTo(second.ledgerSpend("gpt-5-restart", TURNS + 1)),
                    "17 turns at $0.059 in the ledger");
        } finally {
            Closeables.closeAll(first, second, openai);
        }
    }
}
