package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import io.camelgateway.testing.TestRunRecord;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Vertex AI credentials that cannot be used are reported at startup by file name, and turns get a clear 400. */
class VertexCredentialsStartupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TURN = "{\"model\":\"vertex/claude-sonnet-4-5@20250929\",\"input\":\"hi\"}";

    @Test
    void aCredentialsFileThatIsNotJsonIsNamedAtStartupWithoutItsContents() throws Exception {
        Path dir = Files.createDirectories(TestRunRecord.dir().resolve("vertex-bad-" + System.nanoTime()));
        Path file = dir.resolve("broken-key.json");
        String contents = "private-key-material-0815-do-not-log";
        TestRunRecord.secret("credentials file contents", contents);
        Files.writeString(file, contents + " {");
        try (GatewayProcess gateway = GatewayProcess.builder()
                .env("GOOGLE_APPLICATION_CREDENTIALS", file.toString())
                .env("GOOGLE_CLOUD_PROJECT", "some-project")
                .start()) {
            HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", TURN);

            assertEquals(400, response.statusCode(), response.body());
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertEquals("provider_key_missing", error.path("code").asText());
            assertFalse(response.body().contains(file.toString()), "the client is not told the server's paths");
            String log = gateway.log();
            assertTrue(log.contains(file.toString()) && log.contains("is not a JSON object"), log);
            assertFalse(log.contains(contents), "the file's contents are in the log");
        }
    }

    @Test
    void withoutProjectOrCredentialsVertexIsOffAndSaysSo() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.builder().start()) {
            HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", TURN);

            assertEquals(400, response.statusCode(), response.body());
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertEquals("provider_key_missing", error.path("code").asText());
            assertTrue(error.path("message").asText().contains("GOOGLE_CLOUD_PROJECT"), response.body());
            assertTrue(gateway.log().contains("provider vertex: protocol vertex"), gateway.log());
        }
    }
}
