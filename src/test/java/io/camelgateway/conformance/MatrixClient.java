package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;

/** Sends Codex's requests to the gateway as Codex does, and reads the answer the way Codex reads it. */
final class MatrixClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What the client saw.
     *
     * @param status   HTTP status
     * @param response the HTTP response (for its headers)
     * @param events   SSE events (JSON data), empty for a whole answer
     * @param body     the whole JSON body (for a stream: the terminal event's {@code response}), or the error body
     * @param terminal the terminal event type of a stream ({@code response.completed} ...), or null
     * @param raw      the raw body text
     */
    record Answer(int status, HttpResponse<?> response, List<JsonNode> events, JsonNode body, String terminal,
                  String raw) {

        /** The output items: each {@code response.output_item.done} of a stream, else the body's {@code output}. */
        List<JsonNode> items() {
            List<JsonNode> items = new ArrayList<>();
            if (events.isEmpty()) {
                body.path("output").forEach(items::add);
            } else {
                for (JsonNode event : events) {
                    if ("response.output_item.done".equals(event.path("type").asText())) {
                        items.add(event.get("item"));
                    }
                }
            }
            return items;
        }

        List<JsonNode> items(String type) {
            return items().stream().filter(item -> type.equals(item.path("type").asText())).toList();
        }

        /** The whole answer's text, joined. */
        String text() {
            StringBuilder text = new StringBuilder();
            for (JsonNode message : items("message")) {
                message.path("content").forEach(part -> text.append(part.path("text").asText("")));
            }
            return text.toString();
        }

        JsonNode usage() {
            return body.path("usage");
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + ": " + (raw.length() > 3000 ? raw.substring(0, 3000) + "…" : raw);
        }
    }

    private final String baseUrl;

    MatrixClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    Answer send(ObjectNode body) throws IOException, InterruptedException {
        return send("/v1/responses", body, Map.of());
    }

    Answer send(String path, ObjectNode body, Map<String, String> headers) throws IOException, InterruptedException {
        boolean stream = body.path("stream").asBoolean(false);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json").header("authorization", "Bearer matrix-client")
                .header("accept", stream ? "text/event-stream" : "application/json")
                .header("originator", "codex_exec").header("user-agent", "codex_exec/0.169.0 (conformance matrix)")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String contentType = response.headers().firstValue("content-type").orElse("");
        if (!contentType.startsWith("text/event-stream")) {
            String raw;
            try (InputStream in = response.body()) {
                raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            JsonNode json;
            try {
                json = CodexRequests.JSON.readTree(raw);
            } catch (IOException notJson) {
                json = CodexRequests.JSON.createObjectNode();
            }
            return new Answer(response.statusCode(), response, List.of(),
                    json == null ? CodexRequests.JSON.createObjectNode() : json, null, raw);
        }
        List<JsonNode> events = new ArrayList<>();
        StringBuilder raw = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                raw.append(line).append('\n');
                if (line.startsWith("data:")) {
                    String data = line.substring(5).trim();
                    if (data.startsWith("{")) {
                        events.add(CodexRequests.JSON.readTree(data));
                    }
                }
            }
        }
        String terminal = null;
        JsonNode terminalResponse = CodexRequests.JSON.createObjectNode();
        for (JsonNode event : events) {
            String type = event.path("type").asText();
            if (type.equals("response.completed") || type.equals("response.incomplete")
                    || type.equals("response.failed")) {
                terminal = terminal == null ? type : terminal + "+" + type;
                terminalResponse = event.path("response");
            }
        }
        return new Answer(response.statusCode(), response, events, terminalResponse, terminal, raw.toString());
    }

    /** The items of {@code answer} as Codex sends them back in the next request's input. */
    static ArrayNode replay(Answer answer) {
        ArrayNode items = CodexRequests.JSON.createArrayNode();
        for (JsonNode item : answer.items()) {
            ObjectNode copy = item.deepCopy();
            if ("reasoning".equals(copy.path("type").asText())) {
                copy.putNull("content");
            }
            items.add(copy);
        }
        return items;
    }
}
