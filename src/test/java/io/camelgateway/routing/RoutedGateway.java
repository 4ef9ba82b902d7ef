package io.camelgateway.routing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Request helpers for the router tests: Responses bodies for model {@code auto} and one scripted fake reply each. */
final class RoutedGateway {

    static final String PROVIDER_KEY = "sk-ant-routing-test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RoutedGateway() {
    }

    static ObjectNode body(String model, String prompt) {
        ObjectNode body = InputTokenCounterTest.JSON.createObjectNode().put("model", model).put("stream", true);
        ArrayNode input = body.putArray("input");
        input.addObject().put("type", "message").put("role", "user").put("content", prompt);
        return body;
    }

    /** A prompt of about {@code tokens} o200k tokens. */
    static String promptOfTokens(int tokens) {
        return "word ".repeat(tokens);
    }

    static HttpResponse<String> send(String baseUrl, FakeAnthropicServer upstream, ObjectNode body, String... headers)
            throws IOException, InterruptedException {
        upstream.enqueue(Reply.sse(FakeAnthropicServer.textStream("ok")));
        return post(baseUrl, body, headers);
    }

    static HttpResponse<String> post(String baseUrl, ObjectNode body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/responses"))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("authorization", "Bearer client-token").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
