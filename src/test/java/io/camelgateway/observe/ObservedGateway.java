package io.camelgateway.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.TestRunRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP helpers for the logs and metrics tests: turns, admin calls, scrapes and the gateway's log lines. */
final class ObservedGateway {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Words the prompts carry: no log line may ever contain them. */
    static final String PROMPT_CANARY = "PROMPT-CANARY-5c1e";

    private ObservedGateway() {
    }

    static String turn(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"store\":false,\"max_output_tokens\":64,"
                + "\"input\":[{\"type\":\"message\",\"role\":\"user\",\"content\":\"" + PROMPT_CANARY + "\"}]}";
    }

    static HttpResponse<String> post(String baseUrl, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/responses"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(String baseUrl, String adminToken, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30)).header("authorization", "Bearer " + adminToken)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        TestRunRecord.issuedKeys(response.body());
        return response;
    }

    /** The key id and secret of a new virtual key. */
    static String[] issueKey(String baseUrl, String adminToken, String body) throws Exception {
        HttpResponse<String> created = admin(baseUrl, adminToken, "POST", "/admin/keys", body);
        if (created.statusCode() != 201) {
            throw new AssertionError("key not created: " + created.statusCode() + " " + created.body());
        }
        JsonNode json = JSON.readTree(created.body());
        return new String[] {json.path("id").asText(), json.path("key").asText()};
    }

    static HttpResponse<String> scrape(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of the samples of {@code name} whose labels include every one of {@code labels}. */
    static double sum(String scrape, String name, Map<String, String> labels) {
        double total = 0;
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(scrape);
        while (sample.find()) {
            String found = sample.group(1) == null ? "" : sample.group(1);
            boolean all = labels.entrySet().stream()
                    .allMatch(l -> found.contains(l.getKey() + "=\"" + l.getValue() + "\""));
            if (all) {
                total += Double.parseDouble(sample.group(2));
            }
        }
        return total;
    }

    /** Every line of the gateway's log that passes {@code filter}, waiting (bounded) until {@code count} do. */
    static List<String> awaitLines(GatewayProcess gateway, Predicate<String> filter, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<String> lines = new ArrayList<>();
            for (String line : gateway.log().split("\n")) {
                if (filter.test(line)) {
                    lines.add(line);
                }
            }
            if (lines.size() >= count || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(50);
        }
    }
}
