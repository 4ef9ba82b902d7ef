package io.camelgateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.http.SseParser;
import io.camelgateway.provider.ProviderOptions;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builders for canonical requests, contexts and stream replays in the Gemini codec's tests. */
final class GeminiFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String MODEL = "gemini-2.5-pro";

    private GeminiFixtures() {
    }

    static ProviderTarget target(String model, Map<String, String> options) {
        return new ProviderTarget("gemini", "gemini", "https://generativelanguage.googleapis.com", "gm-test-key",
                model, ProviderOptions.of(options));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recorded vector or capture from the test resources. */
    static byte[] resource(String path) {
        try (InputStream in = GeminiFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real Codex request body, decoded by the gateway's own Responses codec, as a context for {@code model}. */
    static TurnContext capture(String name, String model) {
        try {
            TurnRequest request = new ResponsesApiCodec().decode((ObjectNode) JSON.readTree(resource("/codex-captures/" + name)));
            return new TurnContext(request.withModel(model), target(model, Map.of()),
                    ToolNameMap.forRequest(request, GeminiCodec.TOOL_NAME_RULES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replays SSE bytes in chunks of {@code chunkSize} (0: all at once) through parser → translator → assembler. */
    static List<StreamEvent> replaySse(byte[] bytes, TurnContext context, int chunkSize) {
        List<StreamEvent> events = new ArrayList<>();
        TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, context.tools(), "resp_test", MODEL, 0);
        GeminiStreamTranslator translator = new GeminiStreamTranslator(assembler, "gemini", GeminiCodec.PROTOCOL);
        SseParser parser = new SseParser(translator::onEvent);
        int size = chunkSize <= 0 ? bytes.length : chunkSize;
        for (int offset = 0; offset < bytes.length; offset += size) {
            parser.feed(bytes, offset, Math.min(size, bytes.length - offset));
        }
        parser.end();
        translator.onEnd();
        return events;
    }

    /** Replays a JSON-lines vector (one chunk per line, the SSE envelope dropped) through the translator. */
    static List<StreamEvent> replayJsonLines(byte[] bytes, TurnContext context, int lines) {
        List<StreamEvent> events = new ArrayList<>();
        TurnStreamAssembler assembler = new TurnStreamAssembler(events::add, context.tools(), "resp_test", MODEL, 0);
        GeminiStreamTranslator translator = new GeminiStreamTranslator(assembler, "gemini", GeminiCodec.PROTOCOL);
        String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < Math.min(lines, all.length); i++) {
            if (!all[i].isBlank()) {
                translator.onEvent(new io.camelgateway.http.SseEvent(null, all[i]));
            }
        }
        translator.onEnd();
        return events;
    }

    /** A mutable request description; {@link #context()} freezes it. */
    static final class Req {
        String model = MODEL;
        String instructions;
        List<Item> input = List.of();
        List<ToolSpec> tools = List.of();
        ToolChoice toolChoice;
        String effort;
        Integer maxOutputTokens;
        Double temperature;
        Double topP;
        List<String> stop;
        JsonNode textFormat;
        boolean stream = true;
        Map<String, String> options = new HashMap<>();

        Req input(Item... items) {
            input = List.of(items);
            return this;
        }

        Req input(List<Item> items) {
            input = List.copyOf(items);
            return this;
        }

        Req tools(ToolSpec... specs) {
            tools = List.of(specs);
            return this;
        }

        Req model(String name) {
            model = name;
            return this;
        }

        TurnRequest request() {
            return new TurnRequest(model, instructions, input, tools, toolChoice, null,
                    effort == null ? null : new ReasoningEffort(effort, "auto"), maxOutputTokens, temperature, topP,
                    stop, textFormat, stream, null, null);
        }

        TurnContext context() {
            TurnRequest request = request();
            return new TurnContext(request, target(model, options),
                    ToolNameMap.forRequest(request, GeminiCodec.TOOL_NAME_RULES));
        }
    }

    static Req req() {
        return new Req();
    }
}
