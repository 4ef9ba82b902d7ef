package io.camelgateway.conformance;

/**
 * The vertex-anthropic column: Claude on Vertex AI ({@code rawPredict}, {@code streamRawPredict}) with the anthropic
 * column's strict fake behind the strict fake Vertex.
 */
final class VertexAnthropicConformanceUpstream extends VertexConformanceUpstream {

    private VertexAnthropicConformanceUpstream(AnthropicConformanceUpstream anthropic) {
        super("vertex-anthropic", "vertex/claude-sonnet-4-6", "anthropic", anthropic);
        vertex().anthropicBehind(anthropic.gatewayProperties().get("gateway.anthropic.base-url"),
                anthropic.gatewayEnvironment().get("ANTHROPIC_API_KEY"));
    }

    static VertexAnthropicConformanceUpstream start() {
        return new VertexAnthropicConformanceUpstream(AnthropicConformanceUpstream.start());
    }
}
