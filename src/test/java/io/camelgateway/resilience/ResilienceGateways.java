package io.camelgateway.resilience;

import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.ProviderRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Starts gateways whose working directory holds extra provider routes and an application.properties. */
final class ResilienceGateways {

    static final String KEY = "sk-ant-resilience-test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ResilienceGateways() {
    }

    /**
     * An Anthropic upstream for fault scripts: any key is accepted (the scripts are about what the upstream does,
     * not who calls), and {@code whenEmpty} answers every request the script does not cover.
     */
    static FakeAnthropicServer upstream(Reply whenEmpty) {
        return FakeAnthropicServer.start(KEY).acceptAnyKey().whenEmpty(whenEmpty);
    }

    /** A healthy answer: two text blocks, streamed. */
    static Reply ok() {
        return ok(0);
    }

    /** A healthy answer with {@code eventDelayMs} before each event. */
    static Reply ok(long eventDelayMs) {
        return Reply.sse(new FakeAnthropicServer.SseBuilder().text("hello").text("world").end("end_turn"),
                Duration.ofMillis(eventDelayMs));
    }

    /** An error status with Anthropic's error body for it. */
    static Reply status(int status, Map<String, String> headers) {
        String type = status == 429 ? "rate_limit_error" : status == 529 ? "overloaded_error" : "api_error";
        return Reply.error(status, type, "scripted " + status, headers);
    }

    /** A provider route file like the shipped ones: Anthropic protocol at {@code baseUrl} with extra options. */
    static String providerRoute(String name, String baseUrl, String extraOptions) {
        return providerRoute(name, "anthropic", baseUrl, "ANTHROPIC_API_KEY",
                "anthropic-version=2023-06-01,max-tokens=1024" + extraOptions);
    }

    /** A provider route with its own protocol, key variable and options ({@link ProviderRoutes} shorthand). */
    static String providerRoute(String name, String protocol, String baseUrl, String keyName, String options) {
        return ProviderRoutes.route(name, protocol, baseUrl, keyName, options);
    }

    /**
     * {@code settings} go in as {@code -D} (they must beat the jar's application.properties); {@code properties}
     * (aliases and fallback chains, read by prefix) go in the working directory's application.properties.
     */
    static GatewayProcess start(Map<String, String> routes, Map<String, String> settings, String properties)
            throws IOException, InterruptedException {
        return start(routes, settings, properties, Map.of());
    }

    /** As above, with extra environment variables (more provider keys). */
    static GatewayProcess start(Map<String, String> routes, Map<String, String> settings, String properties,
                                Map<String, String> env) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("gateway-resilience");
        Path routesDir = Files.createDirectories(work.resolve("routes"));
        for (Map.Entry<String, String> route : routes.entrySet()) {
            Files.writeString(routesDir.resolve("provider-" + route.getKey() + ".yaml"), route.getValue());
        }
        Files.writeString(work.resolve("application.properties"), properties);
        GatewayProcess.Builder builder = GatewayProcess.builder().workDir(work).env("ANTHROPIC_API_KEY", KEY);
        settings.forEach(builder::property);
        env.forEach(builder::env);
        return builder.start();
    }

    static String body(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"input\":[{\"type\":\"message\",\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}]}";
    }

    static HttpResponse<String> post(GatewayProcess gateway, String model, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/responses"))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .header("authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body(model, true))).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(GatewayProcess gateway, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/providers"))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
