package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.fakes.FakeAnthropicServer.Reply;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.fakes.FakeGoogleTokenServer;
import io.camelgateway.fakes.FakeVertexServer;
import io.camelgateway.fakes.GoogleServiceAccount;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import io.camelgateway.testing.TestRunRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude and Gemini on Vertex AI through the real gateway process: a service-account key file generated for the run whose
 * token URI is a strict fake token endpoint (the auth library's real JWT signing and renewal run against it, tokens
 * live a few seconds), and a strict fake Vertex that checks the bearer token, the URL and the Vertex body rules.
 */
class VertexGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PROJECT = "gw-test-project";
    private static final String REGION = "us-east5";
    private static final String MODEL = "claude-sonnet-4-5@20250929";
    private static final int TOKEN_LIFETIME_SECONDS = 4;

    private static FakeGoogleTokenServer google;
    private static FakeVertexServer vertex;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        GoogleServiceAccount account = GoogleServiceAccount.generate(PROJECT);
        google = FakeGoogleTokenServer.start(account).lifetimeSeconds(TOKEN_LIFETIME_SECONDS);
        vertex = FakeVertexServer.start(google, PROJECT, REGION);
        Path keyFile = account.writeKeyFile(TestRunRecord.dir().resolve("vertex-" + System.nanoTime()),
                google.tokenUri());
        gateway = GatewayProcess.builder()
                .env("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString())
                .env("CLOUD_ML_REGION", REGION)
                .env("VERTEX_BASE_URL", vertex.baseUrl())
                .property("gateway.retry.max-retries", "0")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        vertex.close();
        google.close();
    }

    @BeforeEach
    void reset() {
        vertex.reset();
        vertex.rejectAllTokens(false);
    }

    private static String responsesRequest(boolean stream) {
        return "{\"model\":\"vertex/" + MODEL + "\",\"stream\":" + stream + ",\"input\":[{\"type\":\"message\","
                + "\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],"
                + "\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"cmd\":{\"type\":\"string\"}}}}],\"store\":false}";
    }

    private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String messageJson(String text) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + MODEL + "\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":11,\"output_tokens\":3}}";
    }

    @Test
    void aWholeTurnGoesToRawPredictWithTheModelInTheUrlAndAFreshToken() throws Exception {
        vertex.anthropic().enqueue(Reply.json(messageJson("hello from vertex")));

        HttpResponse<String> response = post("/v1/responses", responsesRequest(false));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode output = JSON.readTree(response.body()).path("output");
        assertEquals("hello from vertex", output.get(0).path("content").get(0).path("text").asText());
        FakeVertexServer.VertexRequest sent = vertex.requests().get(0);
        assertEquals(List.of(), vertex.rejections());
        assertEquals("/v1/projects/" + PROJECT + "/locations/" + REGION + "/publishers/anthropic/models/" + MODEL
                + ":rawPredict", sent.path());
        assertFalse(sent.body().has("model"));
        assertEquals("vertex-2023-10-16", sent.body().path("anthropic_version").asText());
        assertEquals(FakeGoogleTokenServer.Verdict.VALID, google.verdict(sent.bearer()));
        assertEquals("vertex", response.headers().firstValue("x-gateway-provider").orElse(null));
    }

    @Test
    void aStreamedTurnGoesToStreamRawPredictAndIsTranslated() throws Exception {
        vertex.anthropic().enqueue(Reply.sse(new FakeAnthropicServer.SseBuilder().thinking("hmm", "sig-vertex-1")
                .text("calling").toolUse("toolu_1", "exec_command", "{\"cmd\":\"ls\"}").end("tool_use")));

        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", responsesRequest(true),
                Duration.ofSeconds(60));

        assertEquals(200, result.status(), result.body());
        assertEquals("response.completed", result.types().get(result.types().size() - 1));
        JsonNode output = result.last().json().path("response").path("output");
        assertEquals("function_call", output.get(2).path("type").asText());
        assertEquals("{\"cmd\":\"ls\"}", output.get(2).path("arguments").asText());
        assertEquals(List.of(), vertex.rejections());
        assertTrue(vertex.requests().get(0).path().endsWith(":streamRawPredict"));
        assertTrue(vertex.requests().get(0).body().path("stream").asBoolean());
    }

    @Test
    void aMessagesClientIsRelayedWithTheVertexVersionAndWithoutTheModel() throws Exception {
        vertex.anthropic().enqueue(Reply.json(messageJson("relayed")));

        HttpResponse<String> response = post("/v1/messages", "{\"model\":\"vertex/" + MODEL + "\",\"max_tokens\":100,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "anthropic-version", "2023-06-01");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("relayed", JSON.readTree(response.body()).path("content").get(0).path("text").asText());
        JsonNode sent = vertex.requests().get(0).body();
        assertFalse(sent.has("model"));
        assertEquals("vertex-2023-10-16", sent.path("anthropic_version").asText());
        assertEquals(MODEL, vertex.anthropic().lastRequest().body().path("model").asText());
    }

    @Test
    void tokensAreRenewedInTheBackgroundBeforeTheyExpire() throws Exception {
        vertex.anthropic().enqueue(Reply.json(messageJson("one")), Reply.json(messageJson("two")));
        assertEquals(200, post("/v1/responses", responsesRequest(false)).statusCode());
        String first = vertex.requests().get(0).bearer();

        Thread.sleep(TOKEN_LIFETIME_SECONDS * 1000L + 500);
        HttpResponse<String> later = post("/v1/responses", responsesRequest(false));

        assertEquals(200, later.statusCode(), later.body());
        assertEquals(2, vertex.requests().size(), "the second turn needed no retry: " + vertex.rejections());
        String second = vertex.requests().get(1).bearer();
        assertNotEquals(first, second);
        assertEquals(FakeGoogleTokenServer.Verdict.EXPIRED, google.verdict(first));
        assertEquals(List.of(), google.rejections(), "every JWT assertion verified");
    }

    @Test
    void aRejectedTokenIsRenewedOnceAndTheTurnSentAgain() throws Exception {
        vertex.anthropic().enqueue(Reply.json(messageJson("after renewal")));
        google.revokeAll();

        HttpResponse<String> response = post("/v1/responses", responsesRequest(false));

        assertEquals(200, response.statusCode(), response.body());
        List<FakeVertexServer.VertexRequest> seen = vertex.requests();
        assertEquals(2, seen.size());
        assertTrue(seen.get(0).rejection().startsWith("401"), seen.get(0).rejection());
        assertEquals(null, seen.get(1).rejection());
        assertNotEquals(seen.get(0).bearer(), seen.get(1).bearer());
    }

    @Test
    void aTokenRejectedAgainAfterRenewalIsAProviderAuthFailure() throws Exception {
        vertex.rejectAllTokens(true);

        HttpResponse<String> response = post("/v1/responses", responsesRequest(false));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("provider_auth_failed", JSON.readTree(response.body()).path("error").path("code").asText());
        assertEquals(2, vertex.requests().size(), "one renewal, one more try, no more");
        assertFalse(response.body().contains("ya29."), "no token in the error");
    }

    @Test
    void geminiModelsGoToTheGooglePublisherWithTheBearerToken() throws Exception {
        vertex.gemini().enqueue(FakeGeminiServer.answer().text("gemini on vertex").usage(9, 0, 3, 0));

        HttpResponse<String> response = post("/v1/responses", responsesRequest(false)
                .replace("vertex/" + MODEL, "vertex/gemini-2.5-pro"));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("gemini on vertex", JSON.readTree(response.body()).at("/output/0/content/0/text").asText());
        FakeVertexServer.VertexRequest sent = vertex.requests().get(0);
        assertEquals("/v1/projects/" + PROJECT + "/locations/" + REGION
                + "/publishers/google/models/gemini-2.5-pro:generateContent", sent.path());
        assertEquals(FakeGoogleTokenServer.Verdict.VALID, google.verdict(sent.bearer()));
        assertEquals(List.of(), vertex.gemini().rejections());
    }

    @Test
    void aStreamedGeminiToolTurnRoundTripsItsThoughtSignatureOnVertex() throws Exception {
        vertex.gemini().enqueue(FakeGeminiServer.answer().thought("list first")
                .call("exec_command", "{\"cmd\":\"ls\"}", "sig-vertex-gemini-1").usage(200, 50, 10, 30));
        String request = responsesRequest(true).replace("vertex/" + MODEL, "vertex/gemini-2.5-pro")
                .replace("\"store\":false", "\"store\":false,\"include\":[\"reasoning.encrypted_content\"]");

        SseClient.Result first = SseClient.stream(gateway.baseUrl() + "/v1/responses", request, Duration.ofSeconds(60));

        assertEquals(200, first.status(), first.body());
        assertEquals("response.completed", first.types().get(first.types().size() - 1));
        assertTrue(vertex.requests().get(0).path().endsWith(":streamGenerateContent"));
        JsonNode output = first.last().json().path("response").path("output");
        assertEquals("function_call", output.get(1).path("type").asText());
        assertTrue(output.get(0).path("encrypted_content").asText().startsWith("gwr1.vertex-gemini."),
                output.get(0).toString());

        vertex.gemini().enqueue(FakeGeminiServer.answer().text("two files"));
        com.fasterxml.jackson.databind.node.ObjectNode next = (com.fasterxml.jackson.databind.node.ObjectNode)
                JSON.readTree(request);
        next.put("stream", false);
        com.fasterxml.jackson.databind.node.ArrayNode input = (com.fasterxml.jackson.databind.node.ArrayNode)
                next.get("input");
        output.forEach(input::add);
        input.addObject().put("type", "function_call_output").put("call_id", output.get(1).path("call_id").asText())
                .put("output", "a.txt b.txt");
        HttpResponse<String> second = post("/v1/responses", next.toString());

        assertEquals(200, second.statusCode(), second.body());
        assertEquals(List.of(), vertex.gemini().rejections());
        JsonNode sentParts = vertex.requests().get(1).body().at("/contents/1/parts");
        assertTrue(sentParts.toString().contains("sig-vertex-gemini-1"), sentParts.toString());
    }

    @Test
    void aModelOfAnotherPublisherIsAClearNotFound() throws Exception {
        HttpResponse<String> response = post("/v1/responses", responsesRequest(false)
                .replace("vertex/" + MODEL, "vertex/llama-4-maverick"));

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("model_not_found", JSON.readTree(response.body()).path("error").path("code").asText());
        assertEquals(0, vertex.requests().size());
    }

    @Test
    void theTokenIsNeverLogged() throws Exception {
        vertex.anthropic().enqueue(Reply.json(messageJson("x")));
        assertEquals(200, post("/v1/responses", responsesRequest(false)).statusCode());
        String log = gateway.log();
        for (String token : google.issued()) {
            assertFalse(log.contains(token), "a token is in the log");
        }
        assertTrue(Files.exists(gateway.workDir()));
    }
}
