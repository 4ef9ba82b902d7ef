package io.camelgateway.provider.vertex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VertexLocationTest {

    private static final String DEFAULT = "https://{region}-aiplatform.googleapis.com";

    @Test
    void theRegionFillsTheDefaultHostAndGlobalHasNoRegionPrefix() {
        assertEquals("https://us-east5-aiplatform.googleapis.com", new VertexLocation("p", "us-east5").baseUrl(DEFAULT));
        assertEquals("https://aiplatform.googleapis.com", new VertexLocation("p", "global").baseUrl(DEFAULT));
        assertEquals("http://127.0.0.1:9", new VertexLocation("p", "europe-west1").baseUrl("http://127.0.0.1:9"));
    }

    @Test
    void methodPathsNameProjectRegionPublisherModelAndMethod() {
        assertEquals("/v1/projects/p-1/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict",
                new VertexLocation("p-1", "global").methodPath("anthropic", "claude-sonnet-4-5@20250929", "rawPredict"));
    }

    @Test
    void onlyModelIdsThatCannotChangeTheUrlAreAccepted() {
        assertTrue(VertexLocation.isModelId("gemini-2.5-pro"));
        assertTrue(VertexLocation.isModelId("claude-opus-4-1@20250805"));
        for (String bad : new String[] {"../x", "a/b", "m:streamRawPredict", "m?alt=json", "", " m"}) {
            assertFalse(VertexLocation.isModelId(bad), bad);
        }
    }
}
