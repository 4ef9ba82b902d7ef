package io.camelgateway.observe;

import static io.camelgateway.observe.ObservedGateway.awaitLines;
import static io.camelgateway.observe.ObservedGateway.post;
import static io.camelgateway.observe.ObservedGateway.scrape;
import static io.camelgateway.observe.ObservedGateway.sum;
import static io.camelgateway.observe.ObservedGateway.turn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.ProviderRoutes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The issue's scenario against a real gateway (auth mode keys, bound to every interface) and fake upstreams on
 * loopback: answered turns, an upstream 500 retried, a provider 429, a provider that keeps failing until its breaker
 * opens (the fallback answers), and requests refused before any upstream call (401, 404, 400, 429 rate limit,
 * budget). Each finished request gets one access line and each failure a WARN line; no secret and no prompt in any
 * line; /metrics counts the same traffic, keeps random model names out of its labels and needs the admin token off
 * loopback; every metric the bundled Grafana dashboard queries is exported.
 */
class AccessLogAndMetricsTest {

    private static final String ADMIN_TOKEN = "admin-token-OBSERVE-7d21c";
    private static final String PROVIDER_KEY = "sk-openai-PROVIDER-SECRET-93ab";
    private static final String PEPPER = "pepper-for-observe-tests-0123456789";
    private static final int RANDOM_MODELS = 30;
    private static final int BURST = 24;
    private static final int MORE_OK = 8;

    private static FakeOpenAiServer openai;
    private static FakeOpenAiServer down;
    private static GatewayProcess gateway;
    private static String keyId;
    private static String keySecret;
    private static String hastySecret;
    private static String brokeSecret;
    private static final Map<String, Integer> STATUS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startAndSendTraffic() throws Exception {
        AtomicInteger flakyCalls = new AtomicInteger();
        AtomicInteger burstCalls = new AtomicInteger();
        openai = FakeOpenAiServer.start(PROVIDER_KEY).respondWith(received -> {
            String body = received.body().toString();
            if (body.contains("gpt-flaky") && flakyCalls.incrementAndGet() % 2 == 1) {
                return Reply.error(500, "scripted failure", "server_error", null);
            }
            if (body.contains("gpt-burst") && burstCalls.incrementAndGet() % 3 != 0) {
                return Reply.error(500, "scripted failure", "server_error", null);
            }
            if (body.contains("gpt-limited")) {
                return Reply.error(429, "slow down", "rate_limit_error", null, Map.of("retry-after", "120"));
            }
            if (body.contains("random-")) {
                return Reply.error(404, "no such model", "invalid_request_error", "model_not_found");
            }
            return body.contains("\"stream\":true") ? Reply.sse(new ResponsesAnswer().text("hello").sse())
                    : Reply.json(new ResponsesAnswer().text("hello").json());
        });
        down = FakeOpenAiServer.start(PROVIDER_KEY).whenEmpty(Reply.error(500, "down", "server_error", null));
        Path work = Files.createTempDirectory("gateway-observe");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("provider-down.yaml"),
                ProviderRoutes.route("down", "openai", down.baseUrl(), "OPENAI_API_KEY", "max-retries=0"));
        Files.writeString(work.resolve("application.properties"), """
                gateway.alias.withbackup = down/gpt-down
                gateway.fallback.withbackup = openai/gpt-ok
                """);
        Path prices = work.resolve("prices.yaml");
        Files.writeString(prices, """
                checked: 2026-11-29
                models:
                  openai/gpt-ok: { input: 1000, cached_input: 100, cache_write: 1000, output: 2000, reasoning: 2000 }
                """);
        gateway = GatewayProcess.builder().workDir(work)
                .property("camel.server.host", "0.0.0.0")
                .property("gateway.auth.mode", "keys")
                .property("gateway.db.url", "jdbc:h2:file:" + work.resolve("gateway").toAbsolutePath())
                .property("gateway.prices.file", prices.toAbsolutePath().toString())
                .property("gateway.openai.base-url", openai.baseUrl())
                .property("gateway.retry.backoff-base-ms", "20")
                .property("gateway.retry.backoff-max-ms", "50")
                .property("gateway.retry.budget.min-retries", "1000")
                .property("gateway.breaker.minimum-calls", "1000")
                .property("gateway.breaker.sliding-window-size", "1000")
                .property("gateway.breaker.down.minimum-calls", "2")
                .property("gateway.breaker.down.sliding-window-size", "2")
                .property("gateway.breaker.down.wait-in-open-seconds", "60")
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN).env("GATEWAY_KEY_PEPPER", PEPPER)
                .env("OPENAI_API_KEY", PROVIDER_KEY)
                .start();
        String base = gateway.baseUrl();
        ObservedGateway.admin(base, ADMIN_TOKEN, "POST", "/admin/teams", "{\"name\":\"platform\"}");
        String[] key = ObservedGateway.issueKey(base, ADMIN_TOKEN, "{\"owner\":\"obs-user\",\"team\":\"platform\"}");
        keyId = key[0];
        keySecret = key[1];
        hastySecret = ObservedGateway.issueKey(base, ADMIN_TOKEN,
                "{\"owner\":\"hasty\",\"limits\":{\"rpm\":1}}")[1];
        ObservedGateway.admin(base, ADMIN_TOKEN, "POST", "/admin/teams",
                "{\"name\":\"broke\",\"budget\":{\"usd\":0.000001,\"period\":\"day\"}}");
        brokeSecret = ObservedGateway.issueKey(base, ADMIN_TOKEN, "{\"owner\":\"broke-user\",\"team\":\"broke\"}")[1];

        send("ok-stream", keySecret, turn("openai/gpt-ok", true));
        send("ok-whole", keySecret, turn("openai/gpt-ok", false));
        send("flaky", keySecret, turn("openai/gpt-flaky", false));
        send("limited", keySecret, turn("openai/gpt-limited", false));
        for (int i = 0; i < 3; i++) {
            send("backup-" + i, keySecret, turn("withbackup", false));
        }
        send("bad-key", "gw-not-a-real-key-0000", turn("openai/gpt-ok", false));
        send("no-model", keySecret, turn("nosuchprovider/x", false));
        send("invalid", keySecret, "{\"model\":\"openai/gpt-ok\",\"input\":42}");
        send("hasty-1", hastySecret, turn("openai/gpt-ok", false));
        send("hasty-2", hastySecret, turn("openai/gpt-ok", false));
        send("broke", brokeSecret, turn("openai/gpt-ok", false));
        // the issue's scenario: 75 turns, 50 upstream 500s, 429s and a breaker opening
        for (int i = 0; i < BURST; i++) {
            send("burst-" + i, keySecret, turn("openai/gpt-burst", false)); // 500, 500, then answered
        }
        for (int i = 0; i < MORE_OK; i++) {
            send("more-" + i, keySecret, turn("openai/gpt-ok", false));
        }
        for (int i = 0; i < RANDOM_MODELS; i++) {
            send("random-" + i, keySecret, turn("openai/random-" + i + "-" + System.nanoTime(), false));
        }
    }

    private static void send(String name, String token, String body) throws Exception {
        STATUS.put(name, post(gateway.baseUrl(), token, body).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (openai != null) {
            openai.close();
        }
        if (down != null) {
            down.close();
        }
    }

    private static final int REQUESTS = 4 + 3 + 6 + BURST + MORE_OK + RANDOM_MODELS;

    private static List<String> accessLines() throws Exception {
        return awaitLines(gateway, line -> line.contains(" INFO access "), REQUESTS);
    }

    private static String line(List<String> lines, String... parts) {
        for (String line : lines) {
            boolean all = true;
            for (String part : parts) {
                all &= line.contains(part);
            }
            if (all) {
                return line;
            }
        }
        throw new AssertionError("no line with " + List.of(parts) + " in:\n" + String.join("\n", lines));
    }

    @Test
    void theTrafficWasWhatTheTestMeans() {
        assertEquals(200, STATUS.get("ok-stream"));
        assertEquals(200, STATUS.get("flaky"));
        assertEquals(200, STATUS.get("burst-" + (BURST - 1)));
        assertEquals(429, STATUS.get("limited"));
        assertEquals(200, STATUS.get("backup-2"));
        assertEquals(401, STATUS.get("bad-key"));
        assertEquals(404, STATUS.get("no-model"));
        assertEquals(400, STATUS.get("invalid"));
        assertEquals(200, STATUS.get("hasty-1"));
        assertEquals(429, STATUS.get("hasty-2"));
        assertEquals(400, STATUS.get("broke"), "budget_exceeded");
    }

    @Test
    void everyFinishedRequestHasOneAccessLine() throws Exception {
        List<String> lines = accessLines();
        assertEquals(REQUESTS, lines.size(), String.join("\n", lines));
        String streamed = line(lines, "requested_model=openai/gpt-ok", "stream=true");
        for (String part : List.of("key_id=" + keyId, "owner=obs-user", "team=platform", "api=responses",
                "provider=openai", "model=gpt-ok", "status=200", "attempts=1", "input_tokens=42", "cached_tokens=10",
                "output_tokens=17", "overhead_ms=", "upstream_ms=", "ttft_ms=", "duration_ms=",
                "terminal=response.completed")) {
            assertTrue(streamed.contains(part), part + " in " + streamed);
        }
        assertTrue(streamed.matches(".*cost_usd=0\\.0\\d+.*"), streamed);
        String retried = line(lines, "requested_model=openai/gpt-flaky");
        assertTrue(retried.contains("status=200") && retried.contains("attempts=2"), retried);
        String limited = line(lines, "requested_model=openai/gpt-limited");
        assertTrue(limited.contains("status=429") && limited.contains("attempts=1"), limited);
        String fellBack = line(lines, "requested_model=withbackup", "attempts=1");
        assertTrue(fellBack.contains("provider=openai") && fellBack.contains("model=gpt-ok"), fellBack);
    }

    @Test
    void requestsRefusedBeforeAnyUpstreamCallAreLoggedWithTheirStatusAndCode() throws Exception {
        List<String> lines = accessLines();
        assertTrue(line(lines, "status=401").contains("attempts=0"));
        assertTrue(line(lines, "status=404", "requested_model=nosuchprovider/x").contains("error=model_not_found"));
        assertTrue(line(lines, "status=400", "attempts=0", "owner=obs-user").contains("api=responses"));
        assertTrue(line(lines, "status=429", "owner=hasty").contains("attempts=0"));
        assertTrue(line(lines, "owner=broke-user").contains("error=budget_exceeded"));
    }

    @Test
    void failuresRetriesFallbacksAndTheBreakerGetWarnLines() throws Exception {
        List<String> warn = awaitLines(gateway, line -> line.contains(" WARN event "), 10);
        line(warn, "event=upstream_failed", "provider=openai", "model=gpt-flaky", "status=500");
        line(warn, "event=retry", "provider=openai", "model=gpt-flaky", "attempt=2", "wait_ms=",
                "retry_after=false");
        line(warn, "event=upstream_failed", "model=gpt-limited", "status=429");
        line(warn, "event=upstream_failed", "provider=down", "status=500");
        line(warn, "event=fallback", "from=down/gpt-down", "to=openai/gpt-ok");
        line(warn, "event=breaker", "provider=down", "from=closed", "to=open");
        line(warn, "event=budget_refused", "scope=team", "name=broke");
        long fiveHundreds = awaitLines(gateway, l -> l.contains(" WARN event event=upstream_failed ")
                && l.contains(" status=500 "), 2 * BURST + 3).size();
        assertEquals(2 * BURST + 3, fiveHundreds, "every upstream 500 has its line");
        assertTrue(REQUESTS == 75 && fiveHundreds >= 50, "the issue's numbers");
    }

    @Test
    void routeFileReloadsGetALineAndACounter() throws Exception {
        Path routes = gateway.workDir().resolve("routes");
        Files.writeString(routes.resolve("provider-broken.yaml"), "- route: [unclosed\n");
        line(awaitLines(gateway, l -> l.contains(" WARN event event=routes_rejected "), 1),
                "file=", "provider-broken.yaml", "reason=");
        Files.writeString(routes.resolve("provider-broken.yaml"),
                ProviderRoutes.route("broken", "openai", openai.baseUrl(), "OPENAI_API_KEY", "max-retries=0"));
        line(awaitLines(gateway, l -> l.contains(" INFO event event=routes_reloaded "), 1), "provider-broken.yaml");
        String metrics = scrape(gateway.baseUrl(), null).body();
        assertTrue(sum(metrics, "gateway_route_reloads_total", Map.of("result", "rejected")) >= 1, metrics);
        assertTrue(sum(metrics, "gateway_route_reloads_total", Map.of("result", "accepted")) >= 1, metrics);
    }

    @Test
    void noSecretAndNoPromptInTheLog() throws Exception {
        accessLines();
        String log = gateway.log();
        for (String secret : List.of(keySecret, hastySecret, brokeSecret, PROVIDER_KEY, ADMIN_TOKEN, PEPPER,
                "gw-not-a-real-key-0000", ObservedGateway.PROMPT_CANARY)) {
            assertFalse(log.contains(secret), "the log holds " + secret);
        }
    }

    @Test
    void metricsCountTheTraffic() throws Exception {
        accessLines();
        String metrics = scrape(gateway.baseUrl(), null).body();
        // gpt-ok answered: 2 direct, 3 fallbacks, 1 for the hasty key
        assertEquals(6 + MORE_OK, sum(metrics, "gateway_requests_total", Map.of("model", "gpt-ok",
                "status", "200")));
        assertEquals(BURST, sum(metrics, "gateway_requests_total", Map.of("model", "gpt-burst", "status", "200")));
        assertEquals(1, sum(metrics, "gateway_requests_total", Map.of("model", "gpt-flaky", "status", "200")),
                metrics);
        assertEquals(1, sum(metrics, "gateway_requests_total", Map.of("provider", "none", "model", "unknown",
                "status", "401")));
        assertEquals(1, sum(metrics, "gateway_requests_total", Map.of("status", "404", "model", "unknown")));
        assertEquals(REQUESTS, sum(metrics, "gateway_requests_total", Map.of()));
        assertEquals((5 + MORE_OK) * 42, sum(metrics, "gateway_tokens_total", Map.of("model", "gpt-ok", "team", "platform",
                "type", "input")));
        assertEquals((6 + MORE_OK) * 10, sum(metrics, "gateway_provider_cache_tokens_total", Map.of("model", "gpt-ok",
                "kind", "read")));
        assertEquals((6 + MORE_OK) * 17, sum(metrics, "gen_ai_client_token_usage_sum", Map.of("gen_ai_request_model",
                "gpt-ok", "gen_ai_token_type", "output")));
        assertEquals(6 + MORE_OK, sum(metrics, "gen_ai_client_token_usage_count", Map.of("gen_ai_request_model", "gpt-ok",
                "gen_ai_token_type", "input", "gen_ai_operation_name", "chat")));
        assertTrue(sum(metrics, "gateway_cost_usd_total", Map.of("model", "gpt-ok", "team", "platform")) > 0);
        assertEquals(1 + 2 * BURST, sum(metrics, "gateway_retries_total", Map.of("provider", "openai")));
        assertEquals(2 * BURST + 3, sum(metrics, "gateway_upstream_failures_total", Map.of("status", "500")));
        assertEquals(1 + 2 * BURST, sum(metrics, "gateway_retry_wait_seconds_count", Map.of("source", "backoff")));
        assertEquals(3, sum(metrics, "gateway_fallbacks_total", Map.of("from_provider", "down")));
        assertEquals(1, sum(metrics, "gateway_breaker_transitions_total", Map.of("provider", "down", "to", "open")));
        assertEquals(1, sum(metrics, "gateway_breaker_state", Map.of("provider", "down")));
        assertEquals(0, sum(metrics, "gateway_breaker_state", Map.of("provider", "openai")));
        assertTrue(sum(metrics, "gateway_overhead_seconds_count", Map.of()) >= 8);
        assertEquals(1, sum(metrics, "gateway_time_to_first_token_seconds_count", Map.of("model", "gpt-ok")));
        assertTrue(sum(metrics, "jvm_memory_used_bytes", Map.of()) > 0);
        assertFalse(metrics.contains("random-"), "a client's model names became labels");
        assertEquals(RANDOM_MODELS, sum(metrics, "gateway_requests_total", Map.of("model", "other",
                "status", "404")));
        assertFalse(metrics.contains(keyId), "a key id became a label");
    }

    @Test
    void metricsOffLoopbackNeedTheAdminToken() throws Exception {
        String address = nonLoopbackAddress();
        assumeTrue(address != null, "this machine has no non-loopback IPv4 address");
        String url = "http://" + address + ":" + gateway.port();
        assertEquals(403, scrape(url, null).statusCode());
        assertEquals(403, scrape(url, "wrong-token").statusCode());
        HttpResponse<String> allowed = scrape(url, ADMIN_TOKEN);
        assertEquals(200, allowed.statusCode());
        assertTrue(allowed.body().contains("gateway_requests_total"));
        assertEquals(200, scrape(gateway.baseUrl(), null).statusCode(), "loopback scrapers need no token");
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        accessLines();
        JsonNode dashboard = ObservedGateway.JSON.readTree(Path.of("docker/grafana/dashboards/gateway.json").toFile());
        Set<String> queried = new TreeSet<>();
        Pattern name = Pattern.compile("\\b((?:gateway|gen_ai|jvm|process|system)_[a-z0-9_]+)");
        for (JsonNode expr : dashboard.findValues("expr")) {
            // metric names only: not the label names of by (...) groupings and {...} selectors
            Matcher found = name.matcher(expr.asText().replaceAll("by \\([^)]*\\)", "")
                    .replaceAll("\\{[^}]*\\}", ""));
            while (found.find()) {
                queried.add(found.group(1));
            }
        }
        assertTrue(queried.size() >= 15, "the dashboard queries " + queried);
        String metrics = scrape(gateway.baseUrl(), null).body();
        Set<String> missing = new TreeSet<>();
        for (String metric : queried) {
            if (!Pattern.compile("(?m)^" + Pattern.quote(metric) + "[{ ]").matcher(metrics).find()) {
                missing.add(metric);
            }
        }
        assertEquals(Set.of(), missing, "queried by the dashboard but not exported");
    }

    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        return null;
    }
}
