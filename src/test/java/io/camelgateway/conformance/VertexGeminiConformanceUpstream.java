package io.camelgateway.conformance;

import java.util.Map;

/**
 * The vertex-gemini column: Gemini on Vertex AI ({@code generateContent}, {@code streamGenerateContent?alt=sse})
 * with the gemini column's strict fake behind the strict fake Vertex. It goes through a route of its own that pins
 * the protocol {@code vertex-gemini} (provider {@code vertex-gemini}), so its circuit breaker is not the
 * vertex-anthropic column's (which uses the shipped {@code vertex} route).
 */
final class VertexGeminiConformanceUpstream extends VertexConformanceUpstream {

    private VertexGeminiConformanceUpstream(GeminiConformanceUpstream gemini) {
        super("vertex-gemini", "vertex-gemini/gemini-3-pro-preview", "google", gemini);
        vertex().geminiBehind(gemini.gatewayProperties().get("gateway.gemini.base-url"),
                gemini.gatewayEnvironment().get("GEMINI_API_KEY"));
    }

    @Override
    public Map<String, String> routeFiles() {
        return Map.of("provider-vertex-gemini.yaml", """
                - route:
                    id: provider-vertex-gemini
                    from:
                      uri: direct:provider-vertex-gemini
                      steps:
                        - to:
                            uri: kamelet:llm-provider-action
                            parameters:
                              protocol: vertex-gemini
                              baseUrl: "{{gateway.vertex.base-url}}"
                              vertex-project: "{{gateway.vertex.project}}"
                              vertex-region: "{{gateway.vertex.region}}"
                """);
    }

    static VertexGeminiConformanceUpstream start() {
        return new VertexGeminiConformanceUpstream(GeminiConformanceUpstream.start());
    }
}
