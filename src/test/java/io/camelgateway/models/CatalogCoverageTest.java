package io.camelgateway.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeChatServer;
import io.camelgateway.fakes.LoopbackHttpServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The catalog covers every model a user can name: the configured ones, the models an OpenAI-compatible provider
 * lists itself (asked in the background, cached), and any other model of a configured provider through a hidden
 * {@code <provider>/} entry Codex finds by prefix. A provider without its key is named at startup and answers 400.
 */
@Timeout(120)
class CatalogCoverageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeChatServer local;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        local = FakeChatServer.start().requireApiKey("sk-local").models("llama-3.3-70b", "qwen2.5-coder:7b");
        gateway = GatewayProcess.builder()
                .property("gateway.local.base-url", local.baseUrl())
                .property("gateway.catalog.models", "anthropic/claude-sonnet-4-6")
                .env("LOCAL_API_KEY", "sk-local")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, local);
    }

    @Test
    void theCodexCatalogListsTheProvidersModelsAndCoversAnyModelOfAKnownProvider() throws Exception {
        JsonNode catalog = awaitCatalogWith("local/llama-3.3-70b");
        JsonNode listed = entry(catalog, "local/llama-3.3-70b");
        assertEquals("list", listed.path("visibility").asText());
        assertEquals("freeform", listed.path("apply_patch_tool_type").asText());
        assertNotNull(entry(catalog, "local/qwen2.5-coder:7b"), catalog.toString());
        assertNotNull(entry(catalog, "anthropic/claude-sonnet-4-6"), "configured models stay listed");

        for (String provider : List.of("local", "openai", "anthropic")) {
            JsonNode any = entry(catalog, provider + "/");
            assertNotNull(any, "no entry for any model of " + provider + ": " + catalog);
            assertEquals("hide", any.path("visibility").asText(), any.toString());
            assertEquals("freeform", any.path("apply_patch_tool_type").asText(), any.toString());
            assertTrue(any.path("context_window").asInt() > 0, any.toString());
            assertTrue(any.path("model_messages").path("instructions_template").asText().contains("apply_patch"));
        }

        JsonNode openAiList = JSON.readTree(SseClient.get(gateway.baseUrl() + "/v1/models").body());
        assertTrue(openAiList.path("data").toString().contains("\"local/llama-3.3-70b\""), openAiList.toString());

        List<LoopbackHttpServer.Received> asked = local.received().stream()
                .filter(r -> r.path().equals("/v1/models")).toList();
        assertEquals(1, asked.size(), "the list is asked once and cached: " + asked);
        assertEquals("Bearer sk-local", asked.get(0).header("authorization"));
    }

    @Test
    void aProviderWithoutItsKeyIsNamedAtStartupAndAnswers400() throws Exception {
        assertTrue(gateway.log().contains("provider anthropic: protocol anthropic")
                && gateway.log().contains("key ANTHROPIC_API_KEY is NOT set"), gateway.log());
        HttpResponse<String> turn = SseClient.post(gateway.baseUrl() + "/v1/responses",
                "{\"model\":\"anthropic/claude-sonnet-4-6\",\"input\":\"hi\"}");
        assertEquals(400, turn.statusCode(), turn.body());
        assertEquals("provider_key_missing", JSON.readTree(turn.body()).path("error").path("code").asText());
        JsonNode catalog = catalog();
        assertNotNull(entry(catalog, "anthropic/"), "still in the catalog: it works once its key is set");
    }

    private JsonNode awaitCatalogWith(String slug) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode catalog = catalog();
        while (entry(catalog, slug) == null) {
            assertTrue(System.nanoTime() < deadline, slug + " never listed: " + catalog + "\n" + gateway.log());
            Thread.sleep(100);
            catalog = catalog();
        }
        return catalog;
    }

    private JsonNode catalog() throws Exception {
        HttpResponse<String> response = SseClient.get(gateway.baseUrl() + "/v1/models?client_version=0.169.0");
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static JsonNode entry(JsonNode catalog, String slug) {
        for (JsonNode model : catalog.path("models")) {
            if (slug.equals(model.path("slug").asText())) {
                return model;
            }
        }
        return null;
    }
}
