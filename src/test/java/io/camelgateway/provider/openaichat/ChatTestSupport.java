package io.camelgateway.provider.openaichat;

import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds contexts and replays SSE bodies through the chat translator. */
final class ChatTestSupport {

    private ChatTestSupport() {
    }

    static ProviderTarget target(Map<String, String> options) {
        return new ProviderTarget("vllm", "openai-chat", "http://127.0.0.1:1/v1", "sk-test", "qwen3-coder", options);
    }

    static TurnContext context(TurnRequest request) {
        return context(request, Map.of());
    }

    static TurnContext context(TurnRequest request, Map<String, String> options) {
        return new TurnContext(request, target(options), ToolNameMap.forRequest(request, ToolNameRules.OPENAI));
    }

    static TurnRequest request(List<Item> input, List<ToolSpec> tools, boolean stream) {
        return new TurnRequest("vllm/qwen3-coder", null, input, tools, null, null, null, null, null, null, null, null,
                stream, null, null);
    }

    /** Feeds {@code body} in pieces of {@code chunkSize} bytes (0 = all at once), then ends the stream. */
    static List<StreamEvent> replay(String body, int chunkSize, TurnContext context) {
        List<StreamEvent> events = new ArrayList<>();
        TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, context.tools(), "test-model");
        OpenAiChatStreamTranslator translator = new OpenAiChatStreamTranslator(context, assembler);
        SseParser parser = new SseParser(translator::onEvent);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int step = chunkSize <= 0 ? Math.max(1, bytes.length) : chunkSize;
        for (int i = 0; i < bytes.length; i += step) {
            parser.feed(bytes, i, Math.min(step, bytes.length - i));
        }
        parser.end();
        translator.onEnd();
        return events;
    }

    static String sse(String... payloads) {
        StringBuilder out = new StringBuilder();
        for (String payload : payloads) {
            out.append("data: ").append(payload).append("\n\n");
        }
        return out.toString();
    }

    static StreamEvent terminal(List<StreamEvent> events) {
        List<StreamEvent> terminals = events.stream().filter(StreamEvent::isTerminal).toList();
        if (terminals.size() != 1 || events.get(events.size() - 1) != terminals.get(0)) {
            throw new AssertionError("expected exactly one terminal event, last: " + events);
        }
        return terminals.get(0);
    }
}
