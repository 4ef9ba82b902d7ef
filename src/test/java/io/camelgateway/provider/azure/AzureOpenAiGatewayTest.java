package io.camelgateway.provider.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.fakes.FakeAzureOpenAiServer;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway against a strict fake Azure OpenAI resource: deployment chat completions and the v1 Responses API,
 * streamed and whole, the model → deployment map, api-key and Entra bearer auth, Azure's errors and its
 * {@code x-ms-retry-after-ms}.
 */
class AzureOpenAiGatewayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "azure-key-0123456789abcdef";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjb2duaXRpdmVzZXJ2aWNlcyJ9.c2lnbmF0dXJl";

    private static FakeAzureOpenAiServer azure;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        azure = FakeAzureOpenAiServer.start(KEY, TOKEN, "my-gpt5-prod", "gpt-4o");
        gateway = gateway(Map.of("AZURE_OPENAI_API_KEY", KEY), Map.of());
    }

    static GatewayProcess gateway(Map<String, String> env, Map<String, String> properties) throws Exception {
        GatewayProcess.Builder builder = GatewayProcess.builder()
                .env("AZURE_OPENAI_ENDPOINT", azure.endpoint())
                .property("gateway.azure.deployments", "gpt-5=my-gpt5-prod")
                .property("gateway.retry.backoff-base-ms", "50")
                .property("gateway.stream.commit-after-ms", "60000");
        env.forEach(builder::env);
        properties.forEach(builder::property);
        return builder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, azure);
    }

    @BeforeEach
    void reset() {
        azure.reset();
    }

    @Test
    void chatClientGoesToTheMappedDeploymentsChatCompletionsWithApiKeyAndVersion() throws Exception {
        azure.enqueue(Reply.json(FakeChatServer.textCompletion("hello from azure").toString()));

        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"azure/gpt-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("hello from azure", JSON.readTree(response.body()).at("/choices/0/message/content").asText());
        FakeAzureOpenAiServer.RecordedRequest request = only();
        assertEquals("/openai/deployments/my-gpt5-prod/chat/completions", request.path());
        assertEquals("api-version=2024-10-21", request.query());
        assertEquals(KEY, request.header("api-key"));
        assertNull(request.header("authorization"), "the client's bearer must not reach Azure");
    }

    @Test
    void codexResponsesStreamIsRelayedToTheV1ResponsesApi() throws Exception {
        azure.enqueue(Reply.sse(new ResponsesAnswer().reasoning("thinking", "enc-azure-1").text("done").sse()));

        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", responsesBody("azure/gpt-5",
                true), Duration.ofSeconds(30));

        assertEquals(200, result.status(), result.body());
        assertEquals("response.completed", result.last().type());
        String encrypted = result.last().json().at("/response/output/0/encrypted_content").asText();
        assertEquals("enc-azure-1", ReasoningEnvelope.unwrap("azure", encrypted).asText(),
                "Azure's encrypted reasoning comes back, marked as Azure's: " + result.body());
        FakeAzureOpenAiServer.RecordedRequest request = only();
        assertEquals("/openai/v1/responses", request.path());
        assertNull(request.query(), "the v1 API takes no api-version");
        assertEquals("my-gpt5-prod", request.body().path("model").asText());
        assertEquals(KEY, request.header("api-key"));
    }

    @Test
    void responsesClientOnAChatDeploymentIsTranslatedStreamAndWhole() throws Exception {
        try (GatewayProcess chatOnly = gateway(Map.of("AZURE_OPENAI_API_KEY", KEY), Map.of("gateway.azure.api", "chat"))) {
            azure.enqueue(FakeAzureOpenAiServer.chatStream(FakeChatServer.stream().toolCall("exec_command", "{\"cmd\":", "\"ls\"}")
                    .usage(50, 9).build()));
            SseClient.Result streamed = SseClient.stream(chatOnly.baseUrl() + "/v1/responses",
                    responsesBody("azure/gpt-4o", true), Duration.ofSeconds(30));
            assertEquals(200, streamed.status(), streamed.body());
            assertEquals("response.completed", streamed.last().type(), streamed.body());
            JsonNode output = streamed.last().json().at("/response/output/0");
            assertEquals("function_call", output.path("type").asText(), streamed.body());
            assertEquals("{\"cmd\":\"ls\"}", output.path("arguments").asText());

            azure.enqueue(Reply.json(FakeChatServer.textCompletion("whole answer").toString()));
            HttpResponse<String> whole = SseClient.post(chatOnly.baseUrl() + "/v1/responses",
                    responsesBody("azure/gpt-4o", false));
            assertEquals(200, whole.statusCode(), whole.body());
            assertTrue(whole.body().contains("whole answer"), whole.body());

            List<FakeAzureOpenAiServer.RecordedRequest> requests = azure.requests();
            assertEquals(2, requests.size());
            for (FakeAzureOpenAiServer.RecordedRequest request : requests) {
                assertNull(request.rejection(), request.rejection());
                assertEquals("/openai/deployments/gpt-4o/chat/completions", request.path());
                assertTrue(request.body().has("max_completion_tokens") || !request.body().has("max_tokens"),
                        request.rawBody());
            }
        }
    }

    @Test
    void messagesClientIsTranslatedToTheV1ResponsesApiWhenTheRouteSaysResponses() throws Exception {
        try (GatewayProcess responsesOnly = gateway(Map.of("AZURE_OPENAI_API_KEY", KEY),
                Map.of("gateway.azure.api", "responses"))) {
            azure.enqueue(Reply.json(new ResponsesAnswer().text("translated").json()));
            HttpResponse<String> response = SseClient.post(responsesOnly.baseUrl() + "/v1/messages",
                    "{\"model\":\"azure/gpt-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("translated", JSON.readTree(response.body()).at("/content/0/text").asText(), response.body());
            FakeAzureOpenAiServer.RecordedRequest request = only();
            assertEquals("/openai/v1/responses", request.path());
            assertEquals("my-gpt5-prod", request.body().path("model").asText());
        }
    }

    @Test
    void unknownDeploymentIsA404InTheClientsShape() throws Exception {
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"azure/nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(404, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertTrue(error.path("message").asText().contains("deployment"), response.body());
        assertEquals("DeploymentNotFound", only().rejection() == null ? null
                : JSON.readTree(only().rejection()).at("/error/code").asText());
    }

    /** One gateway for both: an Entra token and no key, and an API version the resource does not serve. */
    @Test
    void anEntraTokenGoesAsABearerAndAnUnsupportedApiVersionIsReported() throws Exception {
        try (GatewayProcess entra = gateway(Map.of("AZURE_OPENAI_AD_TOKEN", TOKEN, "OPENAI_API_VERSION", "2023-01-01"),
                Map.of())) {
            assertTrue(entra.log().contains("key AZURE_OPENAI_AD_TOKEN is set"), "startup summary names the token");
            // the v1 Responses API takes no api-version
            azure.enqueue(Reply.sse(new ResponsesAnswer().text("entra ok").sse()));
            SseClient.Result result = SseClient.stream(entra.baseUrl() + "/v1/responses",
                    responsesBody("azure/gpt-5", true), Duration.ofSeconds(30));
            assertEquals("response.completed", result.last().type(), result.body());
            FakeAzureOpenAiServer.RecordedRequest request = only();
            assertEquals("Bearer " + TOKEN, request.header("authorization"));
            assertNull(request.header("api-key"));

            azure.reset();
            HttpResponse<String> response = SseClient.post(entra.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"azure/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(response.body().contains("API version not supported"), response.body());
            assertEquals("api-version=2023-01-01", only().query());
            assertEquals("Bearer " + TOKEN, only().header("authorization"));
        }
    }

    @Test
    void xMsRetryAfterMsIsHonouredLikeRetryAfter() throws Exception {
        azure.enqueue(FakeAzureOpenAiServer.rateLimited(1200),
                Reply.sse(new ResponsesAnswer().text("after the wait").sse()));

        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", responsesBody("azure/gpt-5",
                true), Duration.ofSeconds(30));

        assertEquals(200, result.status(), result.body());
        assertEquals(2, azure.requests().size());
        long gap = azure.gapsMs(azure.received().size() - 2).get(0);
        assertTrue(gap >= 1150 && gap < 2500, "x-ms-retry-after-ms: 1200 not honoured, gap " + gap);
    }

    @Test
    void rateLimitBeyondTheRetryWaitGoesBackAs429WithRetryAfter() throws Exception {
        azure.enqueue(FakeAzureOpenAiServer.rateLimited(45_000));
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions",
                "{\"model\":\"azure/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(429, response.statusCode(), response.body());
        assertEquals("45", response.headers().firstValue("retry-after").orElse(null));
        assertEquals(1, azure.requests().size());
    }

    @Test
    void missingKeyOrEndpointIsA400ProviderKeyMissingAndListedAtStartup() throws Exception {
        try (GatewayProcess noKey = gateway(Map.of(), Map.of())) {
            HttpResponse<String> response = SseClient.post(noKey.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"azure/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("provider_key_missing", JSON.readTree(response.body()).at("/error/code").asText());
            assertTrue(noKey.log().contains("provider azure: protocol azure"), noKey.log());
            assertTrue(noKey.log().contains("AZURE_OPENAI_API_KEY,AZURE_OPENAI_AD_TOKEN are NOT set"), noKey.log());
        }
        try (GatewayProcess noEndpoint = GatewayProcess.builder().env("AZURE_OPENAI_API_KEY", KEY).start()) {
            HttpResponse<String> response = SseClient.post(noEndpoint.baseUrl() + "/v1/chat/completions",
                    "{\"model\":\"azure/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("provider_key_missing", JSON.readTree(response.body()).at("/error/code").asText());
            assertTrue(noEndpoint.log().contains("provider azure: protocol azure, base URL NOT set"), noEndpoint.log());
        }
        assertTrue(azure.requests().isEmpty(), "nothing may go upstream");
    }

    private static FakeAzureOpenAiServer.RecordedRequest only() {
        List<FakeAzureOpenAiServer.RecordedRequest> requests = azure.requests();
        assertEquals(1, requests.size(), requests.toString());
        return requests.get(0);
    }

    static String responsesBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"input\":[{\"type\":\"message\",\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_text\",\"text\":\"list files\"}]}],\"tools\":[{\"type\":\"function\","
                + "\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\",\"properties\":{\"cmd\":{\"type\":\"string\"}},\"required\":[\"cmd\"],\"additionalProperties\":false}}]}";
    }
}
