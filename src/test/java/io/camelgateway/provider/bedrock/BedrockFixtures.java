package io.camelgateway.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.ReasoningEffort;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolChoice;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.fakes.FakeBedrockServer;
import io.camelgateway.http.EventStreamDecoder;
import io.camelgateway.http.SseEvent;
import io.camelgateway.provider.ProviderTarget;
import io.camelgateway.provider.TurnContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Canonical requests, contexts and stream replays for the Bedrock codec's tests. */
final class BedrockFixtures {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLAUDE = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    static final AwsCredentialsIdentity CREDENTIALS = AwsCredentialsIdentity.create(FakeBedrockServer.ACCESS_KEY_ID,
            FakeBedrockServer.SECRET_ACCESS_KEY);

    private BedrockFixtures() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static BedrockCodec codec() {
        return new BedrockCodec(BedrockCredentials.fixed(CREDENTIALS));
    }

    static final class Req {
        String model = CLAUDE;
        String baseUrl = "https://bedrock-runtime.us-east-1.amazonaws.com";
        String apiKey;
        String instructions;
        List<Item> input = List.of();
        List<ToolSpec> tools = List.of();
        ToolChoice toolChoice;
        String effort;
        Integer maxOutputTokens;
        Double temperature;
        Double topP;
        List<String> stop;
        boolean stream = true;
        Map<String, String> options = new HashMap<>(Map.of("aws-region", "us-east-1"));

        Req input(Item... items) {
            input = List.of(items);
            return this;
        }

        Req tools(ToolSpec... specs) {
            tools = List.of(specs);
            return this;
        }

        TurnRequest request() {
            return new TurnRequest("bedrock/" + model, instructions, input, tools, toolChoice, null,
                    effort == null ? null : new ReasoningEffort(effort, "auto"), maxOutputTokens, temperature, topP,
                    stop, null, stream, null, null);
        }

        TurnContext context() {
            TurnRequest request = request().withModel(model);
            ProviderTarget target = new ProviderTarget("bedrock", "bedrock", baseUrl, apiKey, model, options);
            return new TurnContext(request, target, ToolNameMap.forRequest(request, BedrockToolMapper.NAME_RULES));
        }
    }

    static Req req() {
        return new Req();
    }

    /** Events through a fresh translator and assembler; the stream's end is signalled after them. */
    static List<StreamEvent> translate(TurnContext context, List<SseEvent> events) {
        List<StreamEvent> out = new ArrayList<>();
        TurnStreamAssembler assembler = new TurnStreamAssembler(out::add, context.tools(), "resp_test", "m", 0);
        BedrockStreamTranslator translator = new BedrockStreamTranslator(assembler, "bedrock");
        events.forEach(translator::onEvent);
        translator.onEnd();
        return out;
    }

    /** Eventstream bytes through the decoder, then translated. */
    static List<StreamEvent> translateBytes(TurnContext context, byte[] bytes) {
        List<SseEvent> events = new ArrayList<>();
        EventStreamDecoder decoder = new EventStreamDecoder(events::add);
        decoder.feed(bytes);
        decoder.end();
        return translate(context, events);
    }

    /** {@code {"<event>": payload}} lines (the recorded JSON form) as events. */
    static List<SseEvent> jsonl(List<String> lines) {
        List<SseEvent> events = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json(line);
            String name = node.fieldNames().next();
            events.add(new SseEvent(name, node.get(name).toString()));
        }
        return events;
    }

    static TurnResponse terminal(List<StreamEvent> events) {
        StreamEvent last = events.get(events.size() - 1);
        if (last instanceof StreamEvent.Finished f) {
            return f.response();
        }
        if (last instanceof StreamEvent.Failed f) {
            return f.response();
        }
        throw new AssertionError("the stream did not end in a terminal event: " + last);
    }
}
