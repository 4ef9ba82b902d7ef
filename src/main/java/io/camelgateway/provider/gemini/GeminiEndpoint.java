package io.camelgateway.provider.gemini;

import io.camelgateway.provider.TurnContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Where a Gemini {@code generateContent} request goes and how it is authenticated. The body is the same wherever
 * Gemini is served; Google AI Studio ({@link #AI_STUDIO}) and Vertex AI differ only in the path and the auth header.
 */
public interface GeminiEndpoint {

    /** The request path, appended to the target's base URL; {@code stream} asks for {@code streamGenerateContent} over SSE. */
    String path(TurnContext context, boolean stream);

    /** Adds the auth headers for the turn to {@code headers} (never logged). */
    void authenticate(TurnContext context, Map<String, String> headers);

    /**
     * Google AI Studio ({@code generativelanguage.googleapis.com}): {@code /v1beta/models/{model}:generateContent}
     * or {@code :streamGenerateContent?alt=sse}, the key in {@code x-goog-api-key}.
     */
    GeminiEndpoint AI_STUDIO = new GeminiEndpoint() {
        @Override
        public String path(TurnContext context, boolean stream) {
            return "/v1beta/models/" + modelId(context.target().upstreamModel())
                    + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        }

        @Override
        public void authenticate(TurnContext context, Map<String, String> headers) {
            if (context.target().apiKey() != null) {
                headers.put("x-goog-api-key", context.target().apiKey());
            }
        }
    };

    /** The model id as one path segment: a leading {@code models/} (Gemini's resource name) is dropped. */
    static String modelId(String model) {
        String id = model == null ? "" : model.trim();
        id = id.startsWith("models/") ? id.substring("models/".length()) : id;
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
