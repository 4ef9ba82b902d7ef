package io.camelgateway.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.TestRunRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway process in auth mode keys in front of a fake OpenAI server whose answers cost a known amount: every
 * {@code openai/gpt-5-*} model at $1,000 per million tokens of every kind, so one token is $0.001, and every answer
 * ({@link ResponsesAnswer}) reports 42 input and 17 output tokens: $0.059. Tests use a model of their own, so the
 * ledger's rows per model are theirs.
 */
final class LimitsGateway implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "openai/gpt-5-test";
    private static final List<String> PRICED = List.of("gpt-5-test", "gpt-5-race", "gpt-5-rate", "gpt-5-warn",
            "gpt-5-stream", "gpt-5-codex", "gpt-5-restart");
    static final BigDecimal TOKEN_USD = new BigDecimal("0.001");
    static final BigDecimal ANSWER_USD = new BigDecimal("0.059");
    static final String ADMIN_TOKEN = "admin-token-for-limits-4242";
    static final String CONTACT = "finops@example.com";
    private static final String PEPPER = "pepper-for-limits-tests-0123456789";
    private static final String OPENAI_KEY = "sk-openai-provider-key-limits";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final FakeOpenAiServer openai;
    final GatewayProcess gateway;
    private final boolean ownsOpenAi;

    private LimitsGateway(FakeOpenAiServer openai, GatewayProcess gateway, boolean ownsOpenAi) {
        this.openai = openai;
        this.gateway = gateway;
        this.ownsOpenAi = ownsOpenAi;
    }

    /** A gateway with its own fake provider and its own H2 database. */
    static LimitsGateway start(Map<String, String> properties) throws Exception {
        FakeOpenAiServer openai = fakeOpenAi();
        try {
            return start(openai, properties, true);
        } catch (Exception e) {
            openai.close();
            throw e;
        }
    }

    /** One of several replicas in front of {@code openai} (properties point them at a shared database and Redis). */
    static LimitsGateway replica(FakeOpenAiServer openai, Map<String, String> properties) throws Exception {
        return start(openai, properties, false);
    }

    /** A gateway in {@code dir} (its H2 database and price file): a second start there is a restart of the first. */
    static LimitsGateway in(Path dir, FakeOpenAiServer openai, Map<String, String> properties) throws Exception {
        return start(openai, dir, properties, false);
    }

    static FakeOpenAiServer fakeOpenAi() {
        return FakeOpenAiServer.start(OPENAI_KEY).respondWith(received ->
                received.body().contains("\"stream\":true")
                        ? FakeOpenAiServer.Reply.sse(new ResponsesAnswer().text("hello").sse())
                        : FakeOpenAiServer.Reply.json(new ResponsesAnswer().text("hello").json()));
    }

    private static LimitsGateway start(FakeOpenAiServer openai, Map<String, String> properties, boolean ownsOpenAi)
            throws Exception {
        return start(openai, Files.createTempDirectory("limits-gateway"), properties, ownsOpenAi);
    }

    private static LimitsGateway start(FakeOpenAiServer openai, Path dir, Map<String, String> properties,
            boolean ownsOpenAi) throws Exception {
        Path prices = dir.resolve("prices.yaml");
        StringBuilder table = new StringBuilder("checked: 2026-11-29\nmodels:\n");
        for (String model : PRICED) {
            table.append("  openai/").append(model).append(": { input: 1000, cached_input: 1000, cache_write: 1000,")
                    .append(" output: 1000, reasoning: 1000 }\n");
        }
        Files.writeString(prices, table);
        GatewayProcess.Builder builder = GatewayProcess.builder().workDir(dir)
                .property("gateway.auth.mode", "keys")
                .property("gateway.db.url", "jdbc:h2:file:" + dir.resolve("gateway").toAbsolutePath())
                .property("gateway.prices.file", prices.toAbsolutePath().toString())
                .property("gateway.openai.base-url", openai.baseUrl())
                .property("gateway.retry.max-retries", "0")
                .property("gateway.budget.contact", CONTACT)
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN).env("GATEWAY_KEY_PEPPER", PEPPER)
                .env("OPENAI_API_KEY", OPENAI_KEY);
        properties.forEach(builder::property);
        return new LimitsGateway(openai, builder.start(), ownsOpenAi);
    }

    String baseUrl() {
        return gateway.baseUrl();
    }

    /** A new key; {@code fields} are the rest of the POST /admin/keys body (owner is added). */
    Key issueKey(String owner, String fields) throws Exception {
        String body = "{\"owner\":\"" + owner + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
        HttpResponse<String> created = admin("POST", "/admin/keys", body);
        if (created.statusCode() != 201) {
            throw new AssertionError("key not created: " + created.statusCode() + " " + created.body());
        }
        JsonNode json = JSON.readTree(created.body());
        return new Key(json.path("id").asText(), json.path("key").asText());
    }

    void createTeam(String body) throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/teams", body);
        if (created.statusCode() != 201) {
            throw new AssertionError("team not created: " + created.statusCode() + " " + created.body());
        }
    }

    HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        TestRunRecord.issuedKeys(response.body());
        return response;
    }

    static String turn(boolean stream, int maxOutputTokens) {
        return turn(MODEL, stream, maxOutputTokens);
    }

    static String turn(String model, boolean stream, int maxOutputTokens) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"store\":false,\"max_output_tokens\":"
                + maxOutputTokens + ",\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** A whole (non-streamed) Responses turn with {@code key}. */
    HttpResponse<String> responses(Key key, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/responses"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("authorization", "Bearer " + key.secret())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A streamed Responses turn with {@code key}, read to its end: the status, headers and SSE event types. */
    Streamed stream(Key key, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/responses"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("accept", "text/event-stream").header("authorization", "Bearer " + key.secret())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<String> types = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                raw.append(line).append('\n');
                if (line.startsWith("data: ") && line.length() > 6 && line.charAt(6) == '{') {
                    types.add(JSON.readTree(line.substring(6)).path("type").asText());
                }
            }
        }
        return new Streamed(response.statusCode(), response.headers(), types, raw.toString());
    }

    /**
     * The ledger's cost for {@code model} (upstream id, e.g. {@code gpt-5-race}) once it holds exactly
     * {@code requests} requests of it; waits up to 5 s. A request's budget is settled before its rows are written.
     */
    BigDecimal ledgerSpend(String model, long requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            JsonNode report = JSON.readTree(admin("GET", "/admin/usage?group_by=model", null).body());
            long seen = 0;
            BigDecimal cost = BigDecimal.ZERO;
            for (JsonNode row : report.path("rows")) {
                if (model.equals(row.path("model").asText())) {
                    seen = row.path("requests").asLong();
                    cost = row.path("cost_usd").isNull() ? null : row.path("cost_usd").decimalValue();
                }
            }
            if (seen == requests) {
                return cost;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the ledger holds " + seen + " requests of " + model + ", not " + requests
                        + ": " + report);
            }
            Thread.sleep(25);
        }
    }

    HttpResponse<String> ready() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/ready")).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one sample of /metrics ({@code name} with its labels, e.g. {@code x_total{kind="tokens"}}). */
    double metric(String sample) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher value = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(response.body());
        if (!value.find()) {
            throw new AssertionError("no sample " + sample + " in /metrics:\n" + response.body());
        }
        return Double.parseDouble(value.group(1));
    }

    /** The pessimistic cost the gateway reserves for a turn whose counted input is {@code inputTokens}. */
    static BigDecimal estimate(HttpHeaders answered, int maxOutputTokens) {
        int input = Integer.parseInt(answered.firstValue("x-gateway-input-tokens").orElseThrow());
        return TOKEN_USD.multiply(BigDecimal.valueOf(input + maxOutputTokens));
    }

    @Override
    public void close() throws Exception {
        gateway.close();
        if (ownsOpenAi) {
            openai.close();
        }
    }

    record Key(String id, String secret) {
    }

    record Streamed(int status, HttpHeaders headers, List<String> types, String raw) {
    }
}
