package io.camelgateway.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.e2e.CodexCli;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Codex CLI against a loopback server that answers exactly what {@link LimitCheck} makes the gateway
 * answer (the error in the Responses API's shape, its status and Retry-After): the client side of the choice, a
 * spent budget is shown once and not retried, a full rate window is waited out for its Retry-After and retried.
 * {@link CodexBudgetGatewayE2ETest} runs Codex against the gateway itself.
 */
class CodexLimitAnswersE2ETest {

    private static final String MODEL = "gpt-5.4";
    private static final ResponsesApiCodec RESPONSES = new ResponsesApiCodec();

    private HttpServer server;
    private final List<Instant> turnRequests = new CopyOnWriteArrayList<>();

    private String serve(IntFunction<TurnError> answerForRequest) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/responses", exchange -> {
            exchange.getRequestBody().readAllBytes();
            turnRequests.add(Instant.now());
            TurnError error = answerForRequest.apply(turnRequests.size());
            if (error.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().add("Retry-After", Long.toString(error.retryAfterSeconds()));
            }
            send(exchange, error.status(), RESPONSES.errorBody(error));
        });
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            send(exchange, 404, "{\"error\":{\"message\":\"not here\"}}".getBytes());
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static TurnError budgetRefusal() {
        return LimitErrors.budgetExceeded(new BudgetRefusal(LimitScope.team("platform"), BudgetPeriod.MONTH,
                new BigDecimal("500"), 110, Instant.parse("2026-12-01T00:00:00Z"), "finops@example.com"));
    }

    @Test
    @Timeout(150)
    void aSpentBudgetIsShownOnceWithWhoseWhomAndWhenAndNotRetried(@TempDir Path work) throws Exception {
        String base = serve(n -> budgetRefusal());
        CodexCli.Result run = CodexCli.exec(base, MODEL, work, "Say hello.", Duration.ofSeconds(90));
        String context = run.describe() + "\n--- turn requests: " + turnRequests.size();
        System.out.println(context);
        assertFalse(run.timedOut(), context);
        assertEquals(1, turnRequests.size(), "Codex retried the budget refusal:\n" + context);
        assertTrue(run.output().contains("team platform"), "whose budget is missing:\n" + context);
        assertTrue(run.output().contains("finops@example.com"), "whom to ask is missing:\n" + context);
        assertTrue(run.output().contains("2026-12-01T00:00:00Z"), "the reset time is missing:\n" + context);
    }

    @Test
    @Timeout(150)
    void aFullRateWindowIsWaitedOutForItsRetryAfterAndRetried(@TempDir Path work) throws Exception {
        TurnError limited = LimitErrors.rateLimited(
                new RateDecision.Limited(LimitScope.key("k1", "alice"), "requests", 60, 2));
        String base = serve(n -> n <= 2 ? limited : budgetRefusal());
        CodexCli.Result run = CodexCli.exec(base, MODEL, work, "Say hello.", Duration.ofSeconds(90));
        String context = run.describe() + "\n--- turn requests at: " + turnRequests;
        System.out.println(context);
        assertFalse(run.timedOut(), context);
        assertEquals(3, turnRequests.size(), "two rate-limited tries, then the final answer:\n" + context);
        for (int i = 1; i < turnRequests.size(); i++) {
            long gapMs = Duration.between(turnRequests.get(i - 1), turnRequests.get(i)).toMillis();
            assertTrue(gapMs >= 1900, "Codex did not wait for Retry-After (" + gapMs + " ms):\n" + context);
        }
    }
}
