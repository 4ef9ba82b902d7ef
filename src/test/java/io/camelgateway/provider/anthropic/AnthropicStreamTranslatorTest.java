package io.camelgateway.provider.anthropic;

import static io.camelgateway.provider.anthropic.StreamReplay.describe;
import static io.camelgateway.provider.anthropic.StreamReplay.read;
import static io.camelgateway.provider.anthropic.StreamReplay.replay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.FunctionCallOutput;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolOutput;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.fakes.AnthropicRequestValidator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnthropicStreamTranslatorTest {

    static Stream<String> vectors() {
        List<Path> files = StreamReplay.vectorFiles();
        assertEquals(7, files.size(), "expected every recorded Anthropic vector");
        return files.stream().map(p -> p.getFileName().toString());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void everyVectorFollowsTheEventGrammar(String name) {
        assertGrammar(replay(read(name), null));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void chunkingDoesNotChangeTheResult(String name) {
        byte[] bytes = read(name);
        String whole = describe(replay(bytes, null));
        assertEquals(whole, describe(replay(bytes, null, 1)), "1-byte chunks");
        for (long seed = 1; seed <= 5; seed++) {
            assertEquals(whole, describe(StreamReplay.replayRandomChunks(bytes, seed)), "random chunks, seed " + seed);
        }
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void aCutStreamFails(String name) {
        byte[] bytes = read(name);
        List<StreamEvent> events = replay(Arrays.copyOf(bytes, bytes.length / 2), null);
        assertGrammar(events);
        StreamEvent last = events.get(events.size() - 1);
        TurnResponse response = assertInstanceOf(StreamEvent.Failed.class, last).response();
        assertTrue(response.error().isRetryable(), response.error().toString());
    }

    @Test
    void plainText() {
        List<StreamEvent> events = replay(read("text-plain.sse"), null);
        TurnResponse response = finished(events);
        assertEquals(StopReason.COMPLETED, response.stopReason());
        assertEquals(1, response.output().size());
        Message message = (Message) response.output().get(0);
        assertEquals("Olá! (That's \"hi\" in Portuguese)\n\nYou could also say \"Oi!\" which is a more casual way "
                + "to say hi in Portuguese.", message.joinedText());
        assertEquals(16, response.usage().inputTokens());
        assertEquals(38, response.usage().outputTokens());
    }

    @Test
    void singleToolCallAfterText() {
        TurnResponse response = finished(replay(read("tool-use-single.sse"), null));
        assertEquals(2, response.output().size());
        assertEquals("I'll get the weather information for Florence, Italy for you.",
                ((Message) response.output().get(0)).joinedText());
        FunctionCall call = (FunctionCall) response.output().get(1);
        assertEquals("toolu_01N2eM4V43kGCDkq2Lw7ChWQ", call.callId());
        assertEquals("weather", call.name());
        assertEquals("{\"location\": \"Florence,Italy\"}", call.arguments());
        assertTrue(response.hasToolCalls());
    }

    @Test
    void parallelToolCallsKeepOrderIndicesAndArguments() {
        List<StreamEvent> events = replay(read("tool-use-parallel.sse"), null);
        Map<Integer, Item> done = new HashMap<>();
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.ItemDone d) {
                done.put(d.outputIndex(), d.item());
            }
        }
        assertEquals(Set.of(0, 1, 2), done.keySet());
        FunctionCall add = (FunctionCall) done.get(1);
        FunctionCall multiply = (FunctionCall) done.get(2);
        assertEquals("add", add.name());
        assertEquals("toolu_01UYxUYC2zRPY8wiutnF48eP", add.callId());
        assertEquals("{\"a\": 2, \"b\": 3}", add.arguments());
        assertEquals("multiply", multiply.name());
        assertEquals("toolu_01VaRx1jpWCvPhi7L4kywAcd", multiply.callId());
        assertEquals("{\"a\": 2, \"b\": 3}", multiply.arguments());
        String addDeltas = events.stream().filter(e -> e instanceof StreamEvent.FunctionArgumentsDelta d && d.outputIndex() == 1)
                .map(e -> ((StreamEvent.FunctionArgumentsDelta) e).delta()).collect(Collectors.joining());
        assertEquals(add.arguments(), addDeltas);
        TurnResponse response = finished(events);
        assertEquals(List.of("message", "function_call", "function_call"),
                response.output().stream().map(Item::type).collect(Collectors.toList()));
    }

    @Test
    void thinkingSignatureIsEnvelopedAndRestoredByTheRequestMapper() {
        TurnResponse response = finished(replay(read("thinking-signature-then-tool-use.sse"), null));
        assertEquals(2, response.output().size());
        Reasoning reasoning = (Reasoning) response.output().get(0);
        assertEquals(1, reasoning.summary().size());
        assertTrue(reasoning.summary().get(0).startsWith("The user is asking for weather information for Florence"));
        JsonNode blocks = ReasoningEnvelope.unwrap("anthropic", reasoning.encryptedContent());
        assertNotNull(blocks);
        assertEquals(1, blocks.size());
        assertEquals("thinking", blocks.get(0).path("type").asText());
        assertEquals(reasoning.summary().get(0), blocks.get(0).path("thinking").asText());
        assertTrue(blocks.get(0).path("signature").asText().startsWith("EtYDCkYICxgCKkAVHEWRYo6R"));
        assertTrue(blocks.get(0).path("signature").asText().endsWith("VAYAQ=="));
        FunctionCall call = (FunctionCall) response.output().get(1);
        assertEquals("{\"location\": \"Florence, Italy\"}", call.arguments());

        // next turn: the same history goes back to Anthropic with the signed block first in the assistant message
        Fixtures.Req next = Fixtures.req().tools(new ToolSpec.Function("weather", "Weather", null, null));
        next.effort = "medium";
        next.input(Message.text(Role.USER, "Weather in Florence?"), reasoning, call,
                new FunctionCallOutput(call.callId(), ToolOutput.ofText("sunny")));
        JsonNode body = new AnthropicRequestMapper().body(next.context());
        assertNull(AnthropicRequestValidator.validate(body));
        JsonNode assistant = body.path("messages").get(1);
        assertEquals("assistant", assistant.path("role").asText());
        assertEquals(blocks.get(0), assistant.path("content").get(0));
        assertEquals("tool_use", assistant.path("content").get(1).path("type").asText());
        assertEquals("enabled", body.path("thinking").path("type").asText(), "thinking stays on: the signature is there");
    }

    @Test
    void redactedThinkingIsKept() {
        TurnResponse response = finished(replay(read("redacted-thinking.sse"), null));
        assertEquals(List.of("reasoning", "message"), response.output().stream().map(Item::type).collect(Collectors.toList()));
        Reasoning reasoning = (Reasoning) response.output().get(0);
        assertTrue(reasoning.summary().isEmpty());
        JsonNode blocks = ReasoningEnvelope.unwrap("anthropic", reasoning.encryptedContent());
        assertEquals(2, blocks.size());
        for (JsonNode block : blocks) {
            assertEquals("redacted_thinking", block.path("type").asText());
            assertFalse(block.path("data").asText().isEmpty());
        }
        assertTrue(blocks.get(0).path("data").asText().startsWith("EqkECkYIBxgCKkA8"));
        assertTrue(((Message) response.output().get(1)).joinedText().startsWith("I notice that you've sent what"));
    }

    @Test
    void webSearchServerBlocksAreSkippedAndTextIsOneMessage() {
        TurnResponse response = finished(replay(read("web-search-server-tool.sse"), null));
        assertEquals(1, response.output().size());
        String text = ((Message) response.output().get(0)).joinedText();
        assertTrue(text.contains("As of 2025, the total population of Tokyo is 14,195,730 according to Wikipedia."), text);
        assertTrue(text.endsWith("Demographics of Tokyo page."), text);
        assertFalse(response.hasToolCalls());
        assertEquals(StopReason.COMPLETED, response.stopReason());
    }

    @Test
    void overloadedMidStreamEndsInOneFailed() {
        List<StreamEvent> events = replay(read("error-overloaded-midstream.HANDWRITTEN.sse"), null);
        assertGrammar(events);
        long failed = events.stream().filter(e -> e instanceof StreamEvent.Failed).count();
        assertEquals(1, failed);
        StreamEvent.Failed last = assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1));
        assertEquals(503, last.response().error().status());
        assertTrue(last.response().error().message().contains("Overloaded"));
        assertTrue(events.stream().noneMatch(e -> e instanceof StreamEvent.ItemDone), "half items are never completed");
        assertTrue(events.stream().anyMatch(e -> e instanceof StreamEvent.TextDelta t && t.delta().equals("Hello")));
    }

    @Test
    void maxTokensAndRefusalStopReasons() {
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, AnthropicStreamTranslator.stopReason("max_tokens"));
        assertEquals(StopReason.CONTENT_FILTER, AnthropicStreamTranslator.stopReason("refusal"));
        assertEquals(StopReason.COMPLETED, AnthropicStreamTranslator.stopReason("pause_turn"));
        assertEquals(StopReason.COMPLETED, AnthropicStreamTranslator.stopReason("stop_sequence"));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static TurnResponse finished(List<StreamEvent> events) {
        assertGrammar(events);
        return assertInstanceOf(StreamEvent.Finished.class, events.get(events.size() - 1)).response();
    }

    /** Created first; items added once, deltas only while open, done once; exactly one terminal event, last. */
    static void assertGrammar(List<StreamEvent> events) {
        assertFalse(events.isEmpty());
        assertInstanceOf(StreamEvent.Created.class, events.get(0));
        Set<Integer> added = new HashSet<>();
        Set<Integer> done = new HashSet<>();
        int terminals = 0;
        for (int i = 0; i < events.size(); i++) {
            StreamEvent e = events.get(i);
            if (i > 0) {
                assertFalse(e instanceof StreamEvent.Created, "Created twice");
            }
            if (e.isTerminal()) {
                terminals++;
                assertEquals(events.size() - 1, i, "terminal event must be last");
            } else if (e instanceof StreamEvent.ItemAdded a) {
                assertEquals(added.size(), a.outputIndex(), "indices are assigned in order");
                assertTrue(added.add(a.outputIndex()));
            } else if (e instanceof StreamEvent.ItemDone d) {
                assertTrue(added.contains(d.outputIndex()), "done before added");
                assertTrue(done.add(d.outputIndex()), "done twice: " + d.outputIndex());
            } else {
                Integer index = deltaIndex(e);
                if (index != null) {
                    assertTrue(added.contains(index) && !done.contains(index), "delta for a closed item: " + e);
                }
            }
        }
        assertEquals(1, terminals);
        if (events.get(events.size() - 1) instanceof StreamEvent.Finished) {
            assertEquals(added, done, "a finished stream completes every item");
        }
    }

    private static Integer deltaIndex(StreamEvent e) {
        if (e instanceof StreamEvent.TextDelta d) {
            return d.outputIndex();
        }
        if (e instanceof StreamEvent.FunctionArgumentsDelta d) {
            return d.outputIndex();
        }
        if (e instanceof StreamEvent.ReasoningSummaryDelta d) {
            return d.outputIndex();
        }
        if (e instanceof StreamEvent.ReasoningSummaryPartAdded d) {
            return d.outputIndex();
        }
        if (e instanceof StreamEvent.CustomInputDelta d) {
            return d.outputIndex();
        }
        return null;
    }
}
