package io.camelgateway.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.e2e.CodexCli;
import io.camelgateway.e2e.RequiredClients;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.TestRunRecord;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: a gateway with the ledger and two virtual keys answers routed cheap and flagship
 * turns, a direct turn and a failing one from a fake Anthropic; then headless Chromium (driven by playwright-core)
 * logs in to /ui, picks a period and reports what the page shows, which must match the ledger and the traffic.
 */
class DashboardBrowserTest {

    private static final String ADMIN_TOKEN = "admin-token-for-the-dashboard-31";
    private static final String PEPPER = "pepper-for-the-dashboard-test-0123";
    private static final String ANTHROPIC_KEY = "sk-ant-dashboard-provider-5555";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static FakeAnthropicServer anthropic;
    private static GatewayProcess gateway;
    private static String alice;
    private static String bob;
    private static String failedCode;

    @BeforeAll
    static void start() throws Exception {
        anthropic = FakeAnthropicServer.start(ANTHROPIC_KEY).whenEmpty(FakeAnthropicServer.Reply.sse(
                new FakeAnthropicServer.SseBuilder().text("hello").end("end_turn")));
        gateway = GatewayProcess.builder().property("gateway.auth.mode", "keys")
                .property("gateway.anthropic.base-url", anthropic.baseUrl())
                .property("gateway.prices.file", Path.of("prices.yaml").toAbsolutePath().toString())
                .property("gateway.retry.max-retries", "0")
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN).env("GATEWAY_KEY_PEPPER", PEPPER)
                .env("ANTHROPIC_API_KEY", ANTHROPIC_KEY).start();
        alice = issue("{\"owner\":\"alice\",\"team\":\"platform\"}");
        bob = issue("{\"owner\":\"bob\",\"team\":\"mobile\"}");

        assertEquals(200, turn(alice, "auto", null).statusCode());                 // routed, cheap (haiku)
        assertEquals(200, turn(alice, "auto", "flagship").statusCode());           // routed, flagship (opus)
        assertEquals(200, turn(bob, "auto", null).statusCode());                   // routed, cheap
        assertEquals(200, turn(bob, "anthropic/claude-sonnet-4-6", null).statusCode()); // direct
        anthropic.enqueue(FakeAnthropicServer.Reply.error(500, "api_error", "Internal server error", Map.of()));
        HttpResponse<String> failed = send("POST", "/v1/responses", body("anthropic/claude-sonnet-4-6", false),
                Map.of("authorization", "Bearer " + bob));
        assertTrue(failed.statusCode() >= 500, failed.statusCode() + " " + failed.body());
        failedCode = JSON.readTree(failed.body()).path("error").path("code").asText(null);
        assertNotNull(failedCode, failed.body());
    }

    @AfterAll
    static void stop() throws Exception {
        String log = gateway == null ? "" : gateway.log();
        if (gateway != null) {
            gateway.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
        assertFalse(log.contains(ADMIN_TOKEN), "the admin token is in the gateway log");
    }

    @Test
    void theDataEndpointNeedsTheAdminTokenAndThePageLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<String> none = send("GET", "/ui/api/summary?period=1h", null, Map.of());
        assertEquals(401, none.statusCode(), none.body());
        assertEquals("invalid_admin_token", JSON.readTree(none.body()).path("error").path("code").asText(), none.body());
        assertTrue(none.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        HttpResponse<String> wrong = send("GET", "/ui/api/summary", null, Map.of("authorization", "Bearer nope"));
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains("alice"), wrong.body());
        HttpResponse<String> keyInstead = send("GET", "/ui/api/summary", null, Map.of("authorization", "Bearer " + alice));
        assertEquals(401, keyInstead.statusCode(), "a virtual key is not the admin token");

        HttpResponse<String> ok = send("GET", "/ui/api/summary?period=7d", null, admin());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("no-store", ok.headers().firstValue("cache-control").orElse(null));
        assertEquals("7d", JSON.readTree(ok.body()).path("period").asText());
        assertEquals(400, send("GET", "/ui/api/summary?period=2y", null, admin()).statusCode());

        HttpResponse<String> page = send("GET", "/ui", null, Map.of());
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        String csp = page.headers().firstValue("content-security-policy").orElse("");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "no remote asset in the page");
        HttpResponse<String> script = send("GET", "/ui/app.js", null, Map.of());
        assertTrue(script.headers().firstValue("content-type").orElse("").startsWith("text/javascript"));
        assertFalse(script.body().contains("innerHTML"), "server text is never parsed as HTML");
        assertEquals(404, send("GET", "/ui/secrets.txt", null, Map.of()).statusCode());
    }

    @Test
    void theChartsRenderAndTheNumbersMatchTheLedgerAndTheTraffic() throws Exception {
        JsonNode ledger = awaitLedger(5);
        JsonNode shown = runBrowser("24h");
        JsonNode page = shown.path("shown");
        assertTrue(shown.path("error").isMissingNode(), shown.path("error").asText());
        assertEquals("[]", shown.path("console").toString(), "no script error or CSP violation in the page");
        for (JsonNode url : shown.path("requests")) {
            assertTrue(url.asText().startsWith(gateway.baseUrl() + "/ui"), "the page fetched " + url.asText());
        }
        assertEquals(200, shown.path("page").path("status").asInt());

        // a wrong token is refused on the login form
        assertEquals("Wrong admin token.", shown.path("wrongToken").path("error").asText());
        assertTrue(shown.path("wrongToken").path("dashboardHidden").asBoolean());
        assertEquals(0, shown.path("wrongToken").path("stored").asInt(), "a refused token is not kept");
        assertTrue(page.path("sessionToken").asBoolean(), "the token is kept in the tab's session");
        assertEquals(0, page.path("localStorage").asInt());
        assertEquals("", page.path("cookies").asText());

        // totals: the ledger's
        JsonNode total = ledger.path("rows").get(0);
        JsonNode metrics = page.path("metrics");
        assertEquals("24h", page.path("period").asText());
        assertEquals(5, metrics.path("turns").asLong(), metrics.toString());
        assertEquals(total.path("requests").asLong(), metrics.path("turns").asLong());
        assertEquals(total.path("cost_usd").asDouble(), metrics.path("spend").asDouble(), 1e-12, metrics.toString());
        assertTrue(metrics.path("spend").asDouble() > 0);
        assertEquals(ledger.path("savings").path("saved_usd").asDouble(), metrics.path("saved").asDouble(), 1e-12);
        assertTrue(metrics.path("saved").asDouble() > 0, "two cheap routed turns saved against opus: " + metrics);
        assertEquals(total.path("input_tokens").asLong() + total.path("output_tokens").asLong(),
                metrics.path("tokens").asLong());
        assertEquals(1, metrics.path("failed").asLong(), metrics.toString());
        assertFalse(metrics.path("overhead-p50").asText().isEmpty(), "overhead percentiles shown: " + metrics);
        assertFalse(metrics.path("ttft-p50").asText().isEmpty(), "time to first token shown: " + metrics);
        assertEquals("", metrics.path("cache-hit-rate").asText(), "no response cache on this gateway: no rate");

        // charts: bars per developer, team and model, a donut of the split, lines over time
        assertEquals(List.of("alice", "bob"), names(page.path("bars").path("owner")));
        assertEquals(List.of("mobile", "platform"), names(page.path("bars").path("team")));
        assertEquals(List.of("claude-haiku-4-5", "claude-opus-4-7", "claude-sonnet-4-6"),
                names(page.path("bars").path("model")));
        double owners = 0;
        for (JsonNode bar : page.path("bars").path("owner")) {
            owners += bar.path("value").asDouble();
        }
        assertEquals(total.path("cost_usd").asDouble(), owners, 1e-12, "developer bars add up to the spend");
        // tokens by developer: the ledger's per-owner rows
        JsonNode byOwner = JSON.readTree(send("GET", "/admin/usage?group_by=owner", null, admin()).body()).path("rows");
        assertEquals(2, byOwner.size(), byOwner.toString());
        for (JsonNode row : byOwner) {
            JsonNode shownRow = page.path("tokens").path("owner").path(row.path("owner").asText());
            assertEquals(row.path("requests").asLong(), shownRow.path("turns").asLong(), page.path("tokens").toString());
            assertEquals(row.path("input_tokens").asLong(), shownRow.path("input").asLong());
            assertEquals(row.path("output_tokens").asLong(), shownRow.path("output").asLong());
        }
        assertEquals(4, page.path("bars").path("latency").size());
        assertEquals(2, page.path("bars").path("savings").size());
        Map<String, Integer> arcs = new java.util.TreeMap<>();
        page.path("arcs").forEach(a -> arcs.put(a.path("name").asText(), a.path("value").asInt()));
        assertEquals(Map.of("cheap", 2, "direct", 2, "flagship", 1), arcs);
        assertTrue(page.path("lines").asInt() >= 3 && page.path("areas").asInt() >= 2, page.toString());
        assertEquals(5, page.path("seriesTotals").path("requests").asInt(), page.path("seriesTotals").toString());
        assertEquals(1, page.path("seriesTotals").path("failed").asInt());
        assertTrue(page.path("svgElements").asInt() > 20);
        assertFalse(names(page.path("empties")).contains("chart-owner"));

        // the failed turn with its error; the provider with its breaker
        assertEquals(1, page.path("failed").size(), page.path("failed").toString());
        assertEquals(failedCode, page.path("failed").get(0).path("errorCode").asText());
        assertTrue(page.path("failed").get(0).path("status").asInt() >= 500);
        assertTrue(page.path("failed").get(0).path("text").asText().contains("bob"));
        boolean anthropicShown = false;
        for (JsonNode provider : page.path("providers")) {
            if (provider.path("name").asText().equals("anthropic")) {
                anthropicShown = true;
                assertEquals("closed", provider.path("state").asText());
            }
        }
        assertTrue(anthropicShown, page.path("providers").toString());
    }

    private static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.isTextual() ? n.asText() : n.path("name").asText()));
        names.sort(null);
        return names;
    }

    /** Runs e2e/ui-check.mjs (60 s at most) and returns the JSON it printed. */
    private static JsonNode runBrowser(String period) throws Exception {
        Path project = CodexCli.projectDir();
        CodexCli.installClientsOnce();
        RequiredClients.require(Files.isDirectory(project.resolve("e2e/node_modules/playwright-core")),
                "playwright-core not installed under e2e/node_modules: run `npm ci --prefix e2e` (.ci/run does)");
        RequiredClients.require(Files.isExecutable(CHROMIUM),
                "Chromium not installed at " + CHROMIUM + ": apt-get install chromium (.ci/run does)");
        Path out = Files.createTempFile("ui-check", ".out");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", project.resolve("e2e/ui-check.mjs").toString()))
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        for (String proxy : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy")) {
            builder.environment().remove(proxy);
        }
        builder.environment().put("GATEWAY_URL", gateway.baseUrl());
        builder.environment().put("ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().put("PERIOD", period);
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        builder.environment().put("SCREENSHOT", TestRunRecord.dir().resolve("dashboard.png").toString());
        Process node = builder.start();
        try {
            assertTrue(node.waitFor(60, TimeUnit.SECONDS), "ui-check.mjs did not finish within 60 s");
        } finally {
            if (node.isAlive()) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), printed);
        String last = printed.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y).orElse(null);
        assertNotNull(last, "no JSON printed:\n" + printed);
        return JSON.readTree(last);
    }

    /**
     * /admin/usage once the ledger holds {@code requests} turns (rows are written within a second) and the dashboard's
     * window counted them (a turn is told after its answer went out).
     */
    private static JsonNode awaitLedger(int requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonNode usage = JSON.readTree(send("GET", "/admin/usage", null, admin()).body());
            JsonNode window = JSON.readTree(send("GET", "/ui/api/summary?period=1h", null, admin()).body());
            if (usage.path("rows").path(0).path("requests").asInt() >= requests
                    && window.path("requests").path("total").asInt() >= requests) {
                return usage;
            }
            assertTrue(System.nanoTime() < deadline, "the ledger did not reach " + requests + " turns: " + usage);
            Thread.sleep(50);
        }
    }

    private static String issue(String body) throws Exception {
        HttpResponse<String> created = send("POST", "/admin/keys", body, admin());
        TestRunRecord.issuedKeys(created.body());
        assertEquals(201, created.statusCode(), created.body());
        return JSON.readTree(created.body()).path("key").asText();
    }

    private static HttpResponse<String> turn(String key, String model, String tier) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("authorization", "Bearer " + key));
        if (tier != null) {
            headers.put("x-gateway-tier", tier);
        }
        HttpResponse<String> response = send("POST", "/v1/responses", body(model, true), headers);
        assertTrue(response.body().contains("response.completed"), response.body());
        return response;
    }

    private static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"store\":false,\"input\":[{\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]}";
    }

    private static Map<String, String> admin() {
        return Map.of("authorization", "Bearer " + ADMIN_TOKEN);
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
