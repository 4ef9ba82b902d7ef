package io.camelgateway.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.ProviderRoutes;
import io.camelgateway.testing.SseClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Upstreams that echo the key they received in every error, for each protocol and both client APIs: the key must
 * reach neither the client, nor {@code /admin/providers}, nor the gateway's log. Each key ends in a unique tail, so a
 * partly redacted key is caught too.
 */
class SecretEchoTest {

    private static final Map<String, String> KEYS = Map.of(
            "anth", "sk-ant-echo/+key=Tail7391anth",
            "oai", "sk-openai-echo/+key=Tail7391oai",
            "chat", "sk-chat-echo/+key=Tail7391chat");
    private static final String TAIL = "Tail7391";
    private static final String ADMIN_TOKEN = "admin-echo-token-Tail7391";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EchoingUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new EchoingUpstream(KEYS.get("anth"), KEYS.get("oai"), KEYS.get("chat"));
        Path work = Files.createTempDirectory("gateway-secret-echo");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("provider-anth.yaml"), route("anth", "anthropic", upstream.anthropic.baseUrl(),
                "ECHO_ANTHROPIC_KEY", "anthropic-version=2023-06-01,max-tokens=256,max-retries=0"));
        Files.writeString(routes.resolve("provider-oai.yaml"), route("oai", "openai", upstream.openai.baseUrl(),
                "ECHO_OPENAI_KEY", "max-retries=0"));
        Files.writeString(routes.resolve("provider-chat.yaml"), route("chat", "openai-chat", upstream.chat.baseUrl(),
                "ECHO_CHAT_KEY", "max-retries=0"));
        gateway = GatewayProcess.builder().workDir(work)
                .env("ECHO_ANTHROPIC_KEY", KEYS.get("anth"))
                .env("ECHO_OPENAI_KEY", KEYS.get("oai"))
                .env("ECHO_CHAT_KEY", KEYS.get("chat"))
                .env("GATEWAY_ADMIN_TOKEN", ADMIN_TOKEN)
                .property("gateway.breaker.minimum-calls", "1000")
                .property("gateway.breaker.sliding-window-size", "1000")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            String log = gateway.log();
            assertFalse(log.contains(TAIL), "a secret reached the gateway's log:\n" + log);
            assertTrue(log.contains("[redacted]"), "the upstream errors were logged, redacted:\n" + log);
            assertEquals(List.of(), upstream.refused(), "every request reached its echo");
        } finally {
            gateway.close();
            upstream.close();
        }
    }

    private static String route(String name, String protocol, String baseUrl, String keyName, String options) {
        return ProviderRoutes.route(name, protocol, baseUrl, keyName, options);
    }

    private static String responsesBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"input\":\"hi\"}";
    }

    private static String chatBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static void assertNoSecret(String where, String text) {
        assertFalse(text.contains(TAIL), "a secret in " + where + ": " + text);
    }

    @ParameterizedTest(name = "{0} via {1}, HTTP {2}")
    @CsvSource({
        "anth,responses,400", "anth,responses,401", "anth,responses,404", "anth,responses,422",
        "anth,responses,429", "anth,responses,500", "anth,responses,503",
        "anth,chat,400", "anth,chat,500",
        "oai,responses,400", "oai,responses,401", "oai,responses,404", "oai,responses,422",
        "oai,responses,429", "oai,responses,500", "oai,responses,503",
        "oai,chat,400", "oai,chat,429", "oai,chat,500",
        "chat,chat,400", "chat,chat,401", "chat,chat,404", "chat,chat,422",
        "chat,chat,429", "chat,chat,500", "chat,chat,503",
        "chat,responses,400", "chat,responses,429", "chat,responses,503"})
    void anEchoedKeyInAnErrorStatusNeverReachesTheClient(String provider, String api, int status) throws Exception {
        String model = provider + "/status-" + status;
        boolean chat = "chat".equals(api);
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + (chat ? "/v1/chat/completions" : "/v1/responses"),
                chat ? chatBody(model, false) : responsesBody(model, false));

        assertTrue(response.statusCode() >= 400, response.body());
        assertNoSecret("the client's body", response.body());
        response.headers().map().forEach((name, values) -> assertNoSecret("header " + name, values.toString()));
        if (status != 401) {
            assertTrue(response.body().contains("you sent Bearer [redacted]") || response.body().contains("you sent [redacted]"),
                    "the upstream's message is still passed on, redacted: " + response.body());
            assertTrue(response.body().contains("?key=[redacted]"), "URL-encoded form: " + response.body());
        }
        assertNoSecret("/admin/providers", admin());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anth|/v1/responses", "oai|/v1/responses", "oai|/v1/chat/completions",
        "chat|/v1/chat/completions", "chat|/v1/responses"})
    void anEchoedKeyInAMidStreamErrorNeverReachesTheClient(String providerAndPath) throws Exception {
        String[] parts = providerAndPath.split("\\|");
        String model = parts[0] + "/midstream";
        boolean chat = parts[1].contains("chat");
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + parts[1],
                chat ? chatBody(model, true) : responsesBody(model, true), Duration.ofSeconds(20));

        assertEquals(200, result.status(), result.body());
        assertNoSecret("the stream", result.body());
        assertTrue(result.body().contains("[redacted]"), "the error event is still passed on: " + result.body());
        assertNoSecret("/admin/providers", admin());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"anth|/v1/responses", "anth|/v1/chat/completions", "chat|/v1/responses"})
    void anEchoedKeyInTranslatedAnswerTextNeverReachesTheClient(String providerAndPath) throws Exception {
        String[] parts = providerAndPath.split("\\|");
        String model = parts[0] + "/textecho";
        boolean chat = parts[1].contains("chat");
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + parts[1],
                chat ? chatBody(model, true) : responsesBody(model, true), Duration.ofSeconds(20));

        assertEquals(200, result.status(), result.body());
        assertNoSecret("the translated stream", result.body());
        assertTrue(result.body().contains("you sent") && result.body().contains("[redacted]"),
                "the text is still passed on, redacted: " + result.body());
    }

    private static String admin() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/admin/providers"))
                .header("authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
