package io.camelgateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Posts a turn with chosen headers and reads the answer: every SSE event parsed, or the JSON body. */
final class CacheHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: status, the x-gateway-cache header, the events' data (streams; [DONE] as null JSON) or the body. */
    record Answer(int status, String cache, String body, List<String> eventNames, List<JsonNode> events) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        List<String> types() {
            List<String> types = new ArrayList<>();
            for (JsonNode event : events) {
                types.add(event == null ? "[DONE]" : event.path("type").asText());
            }
            return types;
        }

        JsonNode last() {
            return events.get(events.size() - 1);
        }
    }

    private CacheHttp() {
    }

    static Answer post(String url, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("authorization", "Bearer client-token")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        List<String> names = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        String type = response.headers().firstValue("content-type").orElse("");
        if (type.startsWith("text/event-stream")) {
            String pendingName = null;
            for (String line : response.body().split("\n")) {
                if (line.startsWith("event: ")) {
                    pendingName = line.substring(7).strip();
                } else if (line.startsWith("data: ")) {
                    String data = line.substring(6);
                    events.add("[DONE]".equals(data) ? null : JSON.readTree(data));
                    names.add(pendingName);
                    pendingName = null;
                }
            }
        }
        return new Answer(response.statusCode(), response.headers().firstValue("x-gateway-cache").orElse(null),
                response.body(), names, events);
    }
}
