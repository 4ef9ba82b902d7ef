package io.camelgateway.conformance;

/**
 * The vertex-gemini column: Gemini on Vertex AI ({@code generateContent}, {@code streamGenerateContent?alt=sse})
 * with the gemini column's strict fake behind the strict fake Vertex.
 */
final class VertexGeminiConformanceUpstream extends VertexConformanceUpstream {

    private VertexGeminiConformanceUpstream(GeminiConformanceUpstream gemini) {
        super("vertex-gemini", "vertex/gemini-3-pro-preview", "google", gemini);
        vertex().geminiBehind(gemini.gatewayProperties().get("gateway.gemini.base-url"),
                gemini.gatewayEnvironment().get("GEMINI_API_KEY"));
    }

    static VertexGeminiConformanceUpstream start() {
        return new VertexGeminiConformanceUpstream(GeminiConformanceUpstream.start());
    }
}
