package io.camelgateway.conformance;

import java.util.ArrayList;
import java.util.List;

/** Every provider codec's conformance upstream, in matrix column order. Adding a provider adds one line here. */
final class ConformanceUpstreams {

    private ConformanceUpstreams() {
    }

    static List<ConformanceUpstream> startAll() {
        List<ConformanceUpstream> all = new ArrayList<>();
        // one line per provider codec, e.g. all.add(GeminiConformanceUpstream.start());
        all.add(OpenAiConformanceUpstream.start());
        all.add(AnthropicConformanceUpstream.start());
        all.add(OpenAiChatConformanceUpstream.start());
        all.add(GeminiConformanceUpstream.start());
        all.add(VertexAnthropicConformanceUpstream.start());
        all.add(VertexGeminiConformanceUpstream.start());
        all.add(BedrockConformanceUpstream.start());
        all.add(AzureConformanceUpstream.start());
        return all;
    }
}
