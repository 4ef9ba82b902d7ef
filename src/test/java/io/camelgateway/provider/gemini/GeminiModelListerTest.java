package io.camelgateway.provider.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import io.camelgateway.provider.UpstreamRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeminiModelListerTest {

    private final GeminiModelLister lister = new GeminiModelLister();

    @Test
    void asksAiStudioWithTheKeyInItsHeader() {
        UpstreamRequest request = lister.request(new ProviderTarget("gemini", "gemini",
                "https://generativelanguage.googleapis.com", "gm-key", "", Map.of()));
        assertEquals("/v1beta/models?pageSize=1000", request.path());
        assertEquals("gm-key", request.headers().get("x-goog-api-key"));
        assertNull(request.headers().get("authorization"), "the key never goes as a bearer");
    }

    @Test
    void listsTheModelsThatGenerateContentWithoutTheResourcePrefix() {
        String body = "{\"models\":[{\"name\":\"models/gemini-2.5-pro\",\"supportedGenerationMethods\":"
                + "[\"generateContent\",\"countTokens\"]},{\"name\":\"models/text-embedding-004\","
                + "\"supportedGenerationMethods\":[\"embedContent\"]},{\"name\":\"models/gemini-3-pro-preview\"}],"
                + "\"nextPageToken\":\"x\"}";
        assertEquals(List.of("gemini-2.5-pro", "gemini-3-pro-preview"),
                lister.modelIds(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anAnswerThatIsNotAModelListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> lister.modelIds("<html>".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class,
                () -> lister.modelIds("{\"error\":{}}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyAiStudioHasAList() {
        assertEquals(GeminiModelLister.class, new GeminiCodec().modelLister().getClass());
        GeminiEndpoint elsewhere = new GeminiEndpoint() {
            @Override
            public String path(TurnContext context, boolean stream) {
                return GeminiEndpoint.AI_STUDIO.path(context, stream);
            }

            @Override
            public void authenticate(TurnContext context, Map<String, String> headers) {
            }
        };
        assertNull(new GeminiCodec("vertex-gemini", elsewhere).modelLister());
    }
}
