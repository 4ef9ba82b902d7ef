package io.camelgateway.provider.openai;

import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseEvent;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Canonical requests for the OpenAI codec, and replays of recorded Responses streams through its translator. */
final class ResponsesTestSupport {

    static final Path VECTORS = Path.of("src/test/resources/vectors/openai-responses");

    private ResponsesTestSupport() {
    }

    static ProviderTarget target(Map<String, String> options) {
        return new ProviderTarget("openai", "openai", "https://api.openai.com/v1", "sk-openai-test", "gpt-5-test",
                options);
    }

    static TurnRequest request(List<Item> input, List<ToolSpec> tools, ToolChoice choice, String effort,
                               boolean stream) {
        return new TurnRequest("openai/gpt-5-test", null, input, tools, choice, null,
                effort == null ? null : new ReasoningEffort(effort, null), null, null, null, null, null, stream, null,
                null);
    }

    static TurnRequest request(List<Item> input, List<ToolSpec> tools) {
        return request(input, tools, null, null, true);
    }

    static TurnContext context(TurnRequest request) {
        return context(request, Map.of());
    }

    static TurnContext context(TurnRequest request, Map<String, String> options) {
        return new TurnContext(request.withModel("gpt-5-test"), target(options),
                ToolNameMap.forRequest(request, ToolNameRules.OPENAI));
    }

    static String vector(String name) {
        try {
            return Files.readString(VECTORS.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds an SSE body in pieces of {@code chunkSize} bytes (0 = all at once), then ends the stream. */
    static List<StreamEvent> replaySse(String body, int chunkSize, TurnContext context) {
        List<StreamEvent> events = new ArrayList<>();
        TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, context.tools(), "resp_test",
                "gpt-5-test", 0);
        OpenAiResponsesStreamTranslator translator = new OpenAiResponsesStreamTranslator(context, assembler);
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

    /** A recording of one JSON payload per line (the SSE envelope dropped), fed as data-only events. */
    static List<StreamEvent> replayJsonLines(String lines, TurnContext context) {
        List<StreamEvent> events = new ArrayList<>();
        TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, context.tools(), "resp_test",
                "gpt-5-test", 0);
        OpenAiResponsesStreamTranslator translator = new OpenAiResponsesStreamTranslator(context, assembler);
        for (String line : lines.split("\n")) {
            if (!line.isBlank()) {
                translator.onEvent(new SseEvent(null, line.strip()));
            }
        }
        translator.onEnd();
        return events;
    }

    /** SSE frames ({@code event:} named after the payload's type) for hand-made streams. */
    static String sse(String... payloads) {
        StringBuilder out = new StringBuilder();
        for (String payload : payloads) {
            String type = payload.replaceAll("(?s)^\\{\"type\":\"([^\"]+)\".*", "$1");
            out.append("event: ").append(type).append('\n').append("data: ").append(payload).append("\n\n");
        }
        return out.toString();
    }
}
