package io.camelgateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A minimal streaming HTTP client for tests: posts JSON and records each SSE data line with its arrival time. */
public final class SseClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One received SSE event: the parsed data (null for [DONE] or non-JSON), raw data and ms since the request. */
    public record Received(JsonNode json, String data, long atMillis) {
        public String type() {
            return json == null ? null : json.path("type").asText(null);
        }
    }

    public record Result(int status, java.net.http.HttpHeaders headers, List<Received> events, String body) {
        public List<String> types() {
            List<String> types = new ArrayList<>();
            for (Received event : events) {
                types.add(event.type());
            }
            return types;
        }

        public Received last() {
            return events.get(events.size() - 1);
        }
    }

    private SseClient() {
    }

    public static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return HTTP.send(request(url, body), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts and reads the SSE stream to its end (bounded by {@code timeout}). */
    public static Result stream(String url, String body, Duration timeout) throws IOException, InterruptedException {
        return stream(url, body, timeout, Integer.MAX_VALUE);
    }

    /** Like {@link #stream(String, String, Duration)} but closes the connection after {@code maxEvents} events. */
    public static Result stream(String url, String body, Duration timeout, int maxEvents)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("content-type", "application/json").header("authorization", "Bearer client-token-xyz")
                .header("accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        List<Received> events = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        try (InputStream in = response.body();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (events.size() < maxEvents && (line = reader.readLine()) != null) {
                raw.append(line).append('\n');
                if (line.startsWith("data: ")) {
                    String data = line.substring(6);
                    JsonNode json = null;
                    try {
                        json = data.startsWith("{") ? JSON.readTree(data) : null;
                    } catch (IOException ignored) {
                        // leave json null
                    }
                    events.add(new Received(json, data, (System.nanoTime() - start) / 1_000_000));
                }
            }
        }
        return new Result(response.statusCode(), response.headers(), events, raw.toString());
    }

    private static HttpRequest request(String url, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("authorization", "Bearer client-token-xyz")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
