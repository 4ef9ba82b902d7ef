package io.camelgateway.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gemini's own model list (AI Studio {@code GET /v1beta/models}) reaches the Codex catalog and {@code /v1/models}. */
@Timeout(150)
class GeminiCatalogTest {

    private static final String KEY = "gm-catalog-secret-4321";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeGeminiServer gemini;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        gemini = FakeGeminiServer.start(KEY).models("gemini-2.5-pro", "gemini-3-flash-preview");
        gateway = GatewayProcess.builder()
                .property("gateway.gemini.base-url", gemini.baseUrl())
                .env("GEMINI_API_KEY", KEY)
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, gemini);
    }

    @Test
    void geminisListedModelsAreInTheCodexCatalogWithFullMetadata() throws Exception {
        JsonNode catalog = awaitCatalogWith("gemini/gemini-3-flash-preview");
        JsonNode listed = entry(catalog, "gemini/gemini-2.5-pro");
        assertEquals("freeform", listed.path("apply_patch_tool_type").asText(), listed.toString());
        assertTrue(listed.path("context_window").asInt() > 0, listed.toString());
        assertEquals(null, entry(catalog, "gemini/text-embedding-004"), "an embedding model is not a chat model");

        HttpResponse<String> models = SseClient.get(gateway.baseUrl() + "/v1/models");
        assertTrue(models.body().contains("\"gemini/gemini-2.5-pro\""), models.body());
        assertEquals(1, gemini.modelListRequests(), "asked once, then cached");
        assertFalse(gateway.log().contains(KEY), "the key never reaches the log");
    }

    private JsonNode awaitCatalogWith(String slug) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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
