package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Bad client input gets a clear error in the OpenAI shape with the right status: never a 500, a trace or a hang. */
class ClientErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayProcess.builder()
                .property("camel.server.max-body-size", "1048576")
                .property("gateway.anthropic.base-url", "http://127.0.0.1:1")
                .env("ANTHROPIC_API_KEY", "sk-ant-client-errors")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "/v1/responses|{not json|400|invalid_request|",
        "/v1/responses|[1,2]|400|invalid_request|",
        "/v1/responses|{\"input\":\"hi\"}|400|invalid_request|model",
        "/v1/responses|{\"model\":\"anthropic/x\"}|400|invalid_request|input",
        "/v1/responses|{\"model\":42,\"input\":\"hi\"}|400|invalid_request|model",
        "/v1/responses|{\"model\":\"anthropic/x\",\"input\":\"hi\",\"stream\":\"yes\"}|400|invalid_request|stream",
        "/v1/responses|{\"model\":\"anthropic/x\",\"input\":[{\"type\":\"message\",\"role\":\"robot\",\"content\":\"x\"}]}|400|invalid_request|input[0].role",
        "/v1/responses|{\"model\":\"anthropic/x\",\"input\":\"hi\",\"tools\":{}}|400|invalid_request|tools",
        "/v1/responses|{\"model\":\"nosuch/x\",\"input\":\"hi\"}|404|model_not_found|",
        "/v1/responses|{\"model\":\"gpt-9\",\"input\":\"hi\"}|404|model_not_found|",
        "/v1/chat/completions|{\"model\":\"anthropic/x\"}|400|invalid_request|messages",
        "/v1/chat/completions|{\"model\":\"anthropic/x\",\"messages\":\"hi\"}|400|invalid_request|messages",
        "/v1/chat/completions|{\"messages\":[]}|400|invalid_request|model",
        "/v1/responses|{\"model\":\"anthropic/x\",\"input\":\"hi\",\"reasoning\":{\"effort\":5}}|400|invalid_request|reasoning.effort",
        "/v1/responses|{\"model\":\"openai/gpt-5.1\",\"input\":\"hi\",\"store\":\"x\"}|400|invalid_request|store",
        "/v1/responses|{\"model\":\"openai/gpt-5.1\",\"input\":\"hi\",\"user\":5}|400|invalid_request|user",
        "/v1/responses|{\"model\":\"anthropic/x\\u0007\",\"input\":\"hi\",\"stream\":true}|400|invalid_request|model",
        "/v1/chat/completions|{\"model\":\"local/x\",\"n\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|400|invalid_request|n",
        "/v1/chat/completions|{\"model\":\"local/x\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\"}]}|400|invalid_request|messages[1].content",
        "/v1/chat/completions|{\"model\":\"local/x\\r\\n\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}|400|invalid_request|model",
    })
    void badRequestsGetTheClientsErrorShape(String path, String body, int status, String code, String param)
            throws Exception {
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + path, body);

        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals(code, error.path("code").asText());
        assertFalse(error.path("message").asText().isBlank());
        assertTrue(error.has("type"));
        if (param != null) {
            assertEquals(param, error.path("param").asText());
        }
        assertFalse(response.body().contains("Exception"), response.body());
    }

    @Test
    void unknownModelNamesTheValidChoices() throws Exception {
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses",
                "{\"model\":\"nosuch/x\",\"input\":\"hi\"}");

        String message = JSON.readTree(response.body()).path("error").path("message").asText();
        assertTrue(message.contains("anthropic") && message.contains("openai") && message.contains("local"), message);
    }

    /** curl -d without a Content-Type sends a form; the HTTP server would consume it as form fields. */
    @Test
    void aJsonBodySentAsAFormByCurlIsA415SayingWhatToSend() throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-m", "5", "-w", "\n%{http_code}", "-d",
                "{\"model\":\"anthropic/claude-x\",\"input\":\"hi\"}", gateway.baseUrl() + "/v1/responses")
                .redirectErrorStream(true).start();
        String[] answer = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .split("\n");
        assertTrue(curl.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));

        assertEquals("415", answer[answer.length - 1], String.join("\n", answer));
        JsonNode error = JSON.readTree(answer[0]).path("error");
        assertEquals("unsupported_media_type", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("Content-Type: application/json"), answer[0]);
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String big = "{\"model\":\"anthropic/x\",\"input\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";

        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", big);

        assertEquals(413, response.statusCode());
        assertEquals("request_too_large", JSON.readTree(response.body()).path("error").path("code").asText());
    }

    @Test
    void unreachableProviderIsARetryable502() throws Exception {
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses",
                "{\"model\":\"anthropic/claude-x\",\"input\":\"hi\",\"stream\":true}");

        assertEquals(502, response.statusCode(), response.body());
        assertEquals("upstream_unreachable", JSON.readTree(response.body()).path("error").path("code").asText());
        assertTrue(response.headers().firstValue("retry-after").isPresent());
    }

    @Test
    void modelsListAndCodexCatalog() throws Exception {
        JsonNode list = JSON.readTree(SseClient.get(gateway.baseUrl() + "/v1/models").body());
        assertEquals("list", list.path("object").asText());
        assertTrue(list.path("data").size() > 0);
        JsonNode catalog = JSON.readTree(SseClient.get(gateway.baseUrl() + "/v1/models?client_version=0.169.0").body());
        JsonNode first = catalog.path("models").get(0);
        assertEquals("freeform", first.path("apply_patch_tool_type").asText());
        assertTrue(first.path("context_window").asInt() > 0);
    }
}
