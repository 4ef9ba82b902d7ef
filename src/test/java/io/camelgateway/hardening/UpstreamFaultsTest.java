package io.camelgateway.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.hardening.HostileUpstream.Behaviour;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Provider faults (issue 7): upstreams that echo the gateway's keys in their errors, cut or stall streams, refuse
 * connections, and rate-limit with and without Retry-After. For each: what the client sees, and exactly how many
 * upstream requests the gateway made. Ends by checking that no key reached {@code /admin/providers} or the log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpstreamFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANTHROPIC_KEY = "sk-ant-FAULTS-4f2c9e7a1b";
    private static final String OPENAI_KEY = "sk-openai-FAULTS-8d3b6f0c2e";
    private static final String LOCAL_KEY = "sk-local-FAULTS-5a7e1d9c3f";
    private static final List<String> SECRETS = List.of(ANTHROPIC_KEY, OPENAI_KEY, LOCAL_KEY, "FAULTS-");
    /** Bound on any answer here: two attempts of a 1.5 s first-byte timeout plus backoff fit well inside it. */
    private static final Duration BOUND = Duration.ofSeconds(12);
    private static final List<String> TERMINAL = List.of("response.completed", "response.failed", "response.incomplete");

    private static HostileUpstream anthropic;
    private static HostileUpstream openai;
    private static int closedPort;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        anthropic = new HostileUpstream();
        openai = new HostileUpstream();
        closedPort = GatewayProcess.freePort();
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.openai.base-url", openai.baseUrl() + "/v1")
                .property("gateway.local.base-url", "http://127.0.0.1:" + closedPort + "/v1")
                .property("gateway.upstream.first-byte-timeout-ms", "1500")
                .property("gateway.upstream.idle-timeout-ms", "1500")
                .property("gateway.retry.max-retries", "1")
                .property("gateway.retry.backoff-base-ms", "100")
                .property("gateway.retry.backoff-max-ms", "200")
                .property("gateway.retry.budget.min-retries", "1000")
                .property("gateway.breaker.minimum-calls", "1000")
                .property("gateway.breaker.sliding-window-size", "1000")
                .env("ANTHROPIC_API_KEY", ANTHROPIC_KEY)
                .env("OPENAI_API_KEY", OPENAI_KEY)
                .env("LOCAL_API_KEY", LOCAL_KEY)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, anthropic, openai);
    }

    @BeforeEach
    void emptyScripts() {
        anthropic.clearScript();
        openai.clearScript();
    }

    private static HostileUpstream upstream(String provider) {
        return "anthropic".equals(provider) ? anthropic : openai;
    }

    private static String model(String provider) {
        return "anthropic".equals(provider) ? "anthropic/claude-faults" : "openai/gpt-faults";
    }

    private static String responsesBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"input\":[{\"type\":\"message\",\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]}";
    }

    private static String url(String path) {
        return gateway.baseUrl() + path;
    }

    /** The client-visible text of an answer: status line facts, headers and body. */
    private static String visible(int status, HttpHeaders headers, String body) {
        return status + " " + headers.map() + " " + body;
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), where + " reveals a provider key (" + secret + "): " + text);
        }
    }

    // ---- (a) upstream errors that echo the key ------------------------------------------------------------------

    @ParameterizedTest(name = "{0} answers {1} quoting its key, stream={2}: {3} upstream request(s)")
    @CsvSource({
        "anthropic, 400, false, 1", "anthropic, 401, false, 1", "anthropic, 404, false, 1",
        "anthropic, 422, false, 1", "anthropic, 429, false, 1", "anthropic, 500, false, 2",
        "openai, 400, false, 1", "openai, 401, false, 1", "openai, 404, false, 1",
        "openai, 422, false, 1", "openai, 429, false, 1", "openai, 500, false, 2",
        "anthropic, 400, true, 1", "anthropic, 429, true, 1", "anthropic, 500, true, 2",
        "openai, 400, true, 1", "openai, 429, true, 1", "openai, 500, true, 2",
    })
    @Order(1)
    void anUpstreamErrorQuotingTheKeyNeverReachesTheClient(String provider, int status, boolean stream,
                                                            int upstreamRequests) throws Exception {
        HostileUpstream upstream = upstream(provider);
        for (int i = 0; i < upstreamRequests; i++) {
            upstream.enqueue(HostileUpstream.fail(status));
        }
        int before = upstream.requests();

        SseClient.Result result = SseClient.stream(url("/v1/responses"), responsesBody(model(provider), stream), BOUND);

        assertNoSecret("the client's answer", visible(result.status(), result.headers(), result.body()));
        if (result.status() == 200) {
            assertTrue(stream, "a failed non-streamed turn must not be a 200: " + result.body());
            assertEquals(List.of("response.failed"), terminalEvents(result), result.body());
        } else {
            assertTrue(result.status() >= 400, result.body());
        }
        assertEquals(upstreamRequests, upstream.requests() - before, "upstream requests");
        assertEquals(0, upstream.pending());
    }

    @ParameterizedTest(name = "{0} reports an in-band stream error quoting its key")
    @CsvSource({"anthropic", "openai"})
    @Order(1)
    void aMidStreamErrorQuotingTheKeyNeverReachesTheClient(String provider) throws Exception {
        HostileUpstream upstream = upstream(provider);
        upstream.enqueue(new HostileUpstream.FailMidStream());
        int before = upstream.requests();

        SseClient.Result result = SseClient.stream(url("/v1/responses"), responsesBody(model(provider), true), BOUND);

        assertNoSecret("the client's stream", result.body());
        assertEquals("response.failed", result.last().type(), result.body());
        assertEquals(1, upstream.requests() - before, "a started stream is never retried");
    }

    @Test
    @Order(1)
    void aPlainTextErrorQuotingTheKeyNeverReachesTheClient() throws Exception {
        anthropic.enqueue(new HostileUpstream.Fail(400, Map.of(), true));
        int before = anthropic.requests();

        HttpResponse<String> response = SseClient.post(url("/v1/responses"), responsesBody(model("anthropic"), false));

        assertNoSecret("the client's answer", visible(response.statusCode(), response.headers(), response.body()));
        assertTrue(response.statusCode() >= 400, response.body());
        assertEquals(1, anthropic.requests() - before);
    }

    @ParameterizedTest(name = "chat client, {0} answers 400 quoting its key")
    @CsvSource({"anthropic", "openai"})
    @Order(1)
    void aChatClientNeverSeesTheKeyEither(String provider) throws Exception {
        HostileUpstream upstream = upstream(provider);
        upstream.enqueue(HostileUpstream.fail(400));
        int before = upstream.requests();

        HttpResponse<String> response = SseClient.post(url("/v1/chat/completions"), "{\"model\":\"" + model(provider)
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertNoSecret("the client's answer", visible(response.statusCode(), response.headers(), response.body()));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(1, upstream.requests() - before);
    }

    @ParameterizedTest(name = "control character in model while {0} fails, stream={1}")
    @CsvSource({"anthropic, false", "anthropic, true", "openai, false"})
    @Order(1)
    void aControlCharacterInModelIsRefusedBeforeAnyUpstreamCall(String provider, boolean stream) throws Exception {
        HostileUpstream upstream = upstream(provider);
        upstream.enqueue(HostileUpstream.fail(500), HostileUpstream.fail(500));
        int before = upstream.requests();

        SseClient.Result result = SseClient.stream(url("/v1/responses"),
                responsesBody(model(provider) + "\\u0007", stream), Duration.ofSeconds(5));

        assertEquals(400, result.status(), result.body());
        assertEquals("model", JSON.readTree(result.body()).path("error").path("param").asText(), result.body());
        assertEquals(0, upstream.requests() - before, "a refused request must not reach the provider");
    }

    // ---- (b) a stream cut mid-way ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} cuts its stream mid-way")
    @CsvSource({"anthropic", "openai"})
    @Order(2)
    void aCutStreamEndsInExactlyOneResponseFailedThatDoesNotBlameReachability(String provider) throws Exception {
        HostileUpstream upstream = upstream(provider);
        upstream.enqueue(new HostileUpstream.Cut());
        int before = upstream.requests();

        SseClient.Result result = SseClient.stream(url("/v1/responses"), responsesBody(model(provider), true), BOUND);

        assertEquals(200, result.status(), result.body());
        assertEquals(List.of("response.failed"), terminalEvents(result), result.body());
        assertEquals("response.failed", result.last().type(), "the terminal event is the last one: " + result.body());
        JsonNode error = result.last().json().path("response").path("error");
        assertNotEquals("upstream_unreachable", error.path("code").asText(), result.body());
        String message = error.path("message").asText().toLowerCase(Locale.ROOT);
        assertFalse(message.contains("could not reach") || message.contains("unreachable"),
                "the provider was reached; the stream was interrupted: " + message);
        assertEquals(1, upstream.requests() - before, "a started stream is never retried");
    }

    private static List<String> terminalEvents(SseClient.Result result) {
        return result.types().stream().filter(TERMINAL::contains).toList();
    }

    // ---- (c) stalls -----------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} never answers, stream={1}")
    @CsvSource({"anthropic, false", "anthropic, true", "openai, false", "openai, true"})
    @Order(3)
    void silenceBeforeTheFirstByteIsATimeoutWithinBoundedTime(String provider, boolean stream) throws Exception {
        HostileUpstream upstream = upstream(provider);
        upstream.enqueue(new HostileUpstream.Stall(8000), new HostileUpstream.Stall(8000));
        int before = upstream.requests();

        long start = System.nanoTime();
        SseClient.Result result = SseClient.stream(url("/v1/responses"), responsesBody(model(provider), stream), BOUND);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        if (result.status() == 200) {
            assertTrue(stream, "a non-streamed turn that timed out must not be a 200: " + result.body());
            assertEquals(List.of("response.failed"), terminalEvents(result), result.body());
            assertEquals("upstream_timeout",
                    result.last().json().path("response").path("error").path("code").asText(), result.body());
        } else {
            assertEquals(504, result.status(), result.body());
            assertEquals("upstream_timeout", JSON.readTree(result.body()).path("error").path("code").asText());
        }
        assertTrue(tookMs < 7000, "two 1.5 s first-byte timeouts and a backoff took " + tookMs + " ms");
        assertEquals(2, upstream.requests() - before, "one attempt and one retry");
    }

    @ParameterizedTest(name = "{0} goes silent mid-stream")
    @CsvSource({"anthropic", "openai"})
    @Order(3)
    void silenceMidStreamEndsInOneResponseFailed(String provider) throws Exception {
        HostileUpstream upstream = upstream(provider);
        upstream.enqueue(new HostileUpstream.StallMidStream(8000));
        int before = upstream.requests();

        long start = System.nanoTime();
        SseClient.Result result = SseClient.stream(url("/v1/responses"), responsesBody(model(provider), true), BOUND);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(List.of("response.failed"), terminalEvents(result), result.body());
        assertEquals("upstream_timeout",
                result.last().json().path("response").path("error").path("code").asText(), result.body());
        assertTrue(tookMs < 6000, "a 1.5 s idle timeout took " + tookMs + " ms");
        assertEquals(1, upstream.requests() - before);
    }

    // ---- (d) connection refused -----------------------------------------------------------------------------------

    @ParameterizedTest(name = "connection refused, stream={0}")
    @CsvSource({"false", "true"})
    @Order(4)
    void aRefusedConnectionNamesTheProviderButNotItsAddress(boolean stream) throws Exception {
        long start = System.nanoTime();
        SseClient.Result result = SseClient.stream(url("/v1/responses"), responsesBody("local/some-model", stream), BOUND);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        String message;
        if (result.status() == 200) {
            assertTrue(stream, "a non-streamed turn that failed must not be a 200: " + result.body());
            assertEquals(List.of("response.failed"), terminalEvents(result), result.body());
            message = result.last().json().path("response").path("error").path("message").asText();
        } else {
            assertEquals(502, result.status(), result.body());
            message = JSON.readTree(result.body()).path("error").path("message").asText();
        }
        assertTrue(message.contains("local"), "the message names the provider: " + message);
        assertFalse(result.body().contains(Integer.toString(closedPort)), "the upstream's port leaks: " + result.body());
        assertFalse(result.body().contains("127.0.0.1"), "the upstream's host leaks: " + result.body());
        assertNoSecret("the client's answer", result.body());
        assertTrue(tookMs < 5000, "a refused connection took " + tookMs + " ms to report");
    }

    // ---- (e) rate limits ------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: 429 with Retry-After: 1 is retried")
    @CsvSource({"anthropic", "openai"})
    @Order(5)
    void aShortRetryAfterIsWaitedForAndRetried(String provider) throws Exception {
        HostileUpstream upstream = upstream(provider);
        upstream.enqueue(HostileUpstream.fail(429, Map.of("Retry-After", "1")), new HostileUpstream.Succeed());
        int before = upstream.requests();

        HttpResponse<String> response = SseClient.post(url("/v1/responses"), responsesBody(model(provider), false));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, upstream.requests() - before);
    }

    @ParameterizedTest(name = "{0}: 429 with Retry-After ''{1}'' goes back to the client")
    @CsvSource({"anthropic, ''", "anthropic, 60", "openai, ''", "openai, 60"})
    @Order(5)
    void aMissingOrLongRetryAfterIsNotRetried(String provider, String retryAfter) throws Exception {
        HostileUpstream upstream = upstream(provider);
        Behaviour limited = retryAfter.isEmpty() ? HostileUpstream.fail(429)
                : HostileUpstream.fail(429, Map.of("Retry-After", retryAfter));
        upstream.enqueue(limited);
        int before = upstream.requests();

        long start = System.nanoTime();
        HttpResponse<String> response = SseClient.post(url("/v1/responses"), responsesBody(model(provider), false));
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(429, response.statusCode(), response.body());
        if (!retryAfter.isEmpty()) {
            assertEquals(retryAfter, response.headers().firstValue("retry-after").orElse(null));
        }
        assertEquals(1, upstream.requests() - before, "not retried");
        assertTrue(tookMs < 2000, "a 429 that is not retried must not be waited for: " + tookMs + " ms");
    }

    // ---- after all of the above: admin output and log -------------------------------------------------------------

    @Test
    @Order(10)
    void noKeyInAdminProviders() throws Exception {
        HttpResponse<String> admin = SseClient.get(url("/admin/providers"));
        assertEquals(200, admin.statusCode(), admin.body());
        assertTrue(admin.body().contains("last_error"), "the faults above left no last_error: " + admin.body());
        assertNoSecret("GET /admin/providers", admin.body());
    }

    @Test
    @Order(10)
    void noKeyInTheLog() {
        String log = gateway.log();
        assertFalse(log.isBlank(), "the log is empty or unreadable");
        assertNoSecret("the gateway's log", log);
    }
}
