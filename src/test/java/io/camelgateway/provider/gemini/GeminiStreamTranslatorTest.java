package io.camelgateway.provider.gemini;

import static io.camelgateway.provider.gemini.GeminiFixtures.replayJsonLines;
import static io.camelgateway.provider.gemini.GeminiFixtures.replaySse;
import static io.camelgateway.provider.gemini.GeminiFixtures.req;
import static io.camelgateway.provider.gemini.GeminiFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.provider.TurnContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gemini streams, recorded from the live API and scripted, through the translator into canonical events. */
class GeminiStreamTranslatorTest {

    private static final TurnContext PLAIN = req().context();

    @ParameterizedTest
    @ValueSource(strings = {"parallel-function-calls-gemini3.sse", "thought-summary-then-function-call.sse"})
    void recordedStreamsFollowTheEventGrammarAtAnyChunking(String name) {
        byte[] bytes = resource("/vectors/gemini/" + name);
        String whole = describe(replaySse(bytes, PLAIN, 0));
        assertGrammar(replaySse(bytes, PLAIN, 0));
        for (int size : new int[] {1, 7, 64, 333}) {
            assertEquals(whole, describe(replaySse(bytes, PLAIN, size)), "chunks of " + size);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"parallel-function-calls-gemini3.sse", "thought-summary-then-function-call.sse"})
    void aRecordedStreamCutShortFails(String name) {
        byte[] bytes = resource("/vectors/gemini/" + name);
        List<StreamEvent> events = replaySse(Arrays.copyOf(bytes, bytes.length / 2), PLAIN, 0);
        assertGrammar(events);
        TurnResponse failed = assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1)).response();
        assertEquals("stream_interrupted", failed.error().code());
        assertTrue(failed.error().isRetryable());
    }

    @Test
    void thoughtSummaryThenSignedFunctionCall() {
        List<StreamEvent> events = replaySse(resource("/vectors/gemini/thought-summary-then-function-call.sse"), PLAIN, 0);
        TurnResponse response = finished(events);
        assertEquals(StopReason.COMPLETED, response.stopReason());
        List<Item> output = response.output();
        assertEquals(2, output.size(), output.toString());
        Reasoning reasoning = assertInstanceOf(Reasoning.class, output.get(0));
        assertTrue(reasoning.summary().get(0).startsWith("**Determining the Weather Inquiry**"), reasoning.toString());
        FunctionCall call = assertInstanceOf(FunctionCall.class, output.get(1));
        assertEquals("weather", call.name());
        assertEquals("{\"location\":\"Florence, Italy\"}", call.arguments());
        assertTrue(call.callId().startsWith(GeminiContentMapper.CALL_ID_PREFIX), call.callId());
        // the signature rides in the reasoning item just before the call, tied to that call's id
        List<GeminiSignatures.Signed> signed = GeminiSignatures.unwrap("gemini", reasoning.encryptedContent());
        assertEquals(1, signed.size());
        assertEquals(GeminiSignatures.On.FUNCTION_CALL, signed.get(0).on());
        assertEquals(call.callId(), signed.get(0).callId());
        assertTrue(signed.get(0).signature().startsWith("CiQBvj72+y6VX8BA4jML"), signed.get(0).signature());
        assertEquals(new Usage(54, 0, 0, 14 + 62, 62), response.usage(), "usage from the last usageMetadata");
    }

    @Test
    void parallelCallsKeepTheirOrderAndOnlyTheFirstIsSigned() {
        List<StreamEvent> events = replaySse(resource("/vectors/gemini/parallel-function-calls-gemini3.sse"), PLAIN, 0);
        TurnResponse response = finished(events);
        List<Item> output = response.output();
        assertEquals(3, output.size(), output.toString());
        Reasoning signature = assertInstanceOf(Reasoning.class, output.get(0));
        FunctionCall add = assertInstanceOf(FunctionCall.class, output.get(1));
        FunctionCall multiply = assertInstanceOf(FunctionCall.class, output.get(2));
        assertEquals("add", add.name());
        assertEquals("{\"a\":2,\"b\":3}", add.arguments());
        assertEquals("multiply", multiply.name());
        assertEquals("{\"b\":3,\"a\":2}", multiply.arguments());
        assertTrue(signature.summary().isEmpty());
        List<GeminiSignatures.Signed> signed = GeminiSignatures.unwrap("gemini", signature.encryptedContent());
        assertEquals(List.of(add.callId()), signed.stream().map(GeminiSignatures.Signed::callId).toList());
        assertEquals(new Usage(157, 0, 0, 32 + 438, 438), response.usage());
        assertTrue(!add.callId().equals(multiply.callId()));
    }

    @Test
    void vertexStreamedPartialArgumentsBecomeCompleteCalls() {
        byte[] bytes = resource("/vectors/gemini/vertex-streamed-function-call-partial-args.jsonl");
        TurnResponse response = finished(replayJsonLines(bytes, PLAIN, Integer.MAX_VALUE));
        List<FunctionCall> calls = response.output().stream().filter(FunctionCall.class::isInstance)
                .map(FunctionCall.class::cast).toList();
        assertEquals(2, calls.size(), response.output().toString());
        assertEquals("getWeather", calls.get(0).name());
        assertEquals("{\"location\":\"Boston\"}", calls.get(0).arguments());
        assertEquals("{\"location\":\"San Francisco\"}", calls.get(1).arguments());
        assertEquals(new Usage(26, 0, 0, 23 + 132, 132), response.usage());
        long lines = new String(bytes, StandardCharsets.UTF_8).lines().count();
        List<StreamEvent> cut = replayJsonLines(bytes, PLAIN, (int) lines - 1);
        assertInstanceOf(StreamEvent.Failed.class, cut.get(cut.size() - 1), "no finishReason: cut");
    }

    @Test
    void textSignatureTravelsAfterTheMessageAndUsageOnlyLastChunkStillEnds() {
        String sse = FakeGeminiServer.answer().thought("Thinking it over.").text("All done here.", "sig-text-1")
                .usage(100, 40, 7, 11).usageInLastChunk().sse();
        List<StreamEvent> events = replaySse(sse.getBytes(StandardCharsets.UTF_8), PLAIN, 5);
        assertGrammar(events);
        TurnResponse response = finished(events);
        List<Item> output = response.output();
        assertEquals(3, output.size(), output.toString());
        assertEquals(List.of("Thinking it over."), assertInstanceOf(Reasoning.class, output.get(0)).summary());
        assertNull(((Reasoning) output.get(0)).encryptedContent(), "no signature was on the thought");
        assertEquals("All done here.", assertInstanceOf(Message.class, output.get(1)).joinedText());
        List<GeminiSignatures.Signed> signed = GeminiSignatures.unwrap("gemini",
                assertInstanceOf(Reasoning.class, output.get(2)).encryptedContent());
        assertEquals(GeminiSignatures.On.TEXT, signed.get(0).on());
        assertEquals("sig-text-1", signed.get(0).signature());
        assertEquals(new Usage(100, 40, 0, 18, 11), response.usage());
    }

    @Test
    void aSignatureOnAPartWithoutDataIsKeptAsOnAnEmptyText() {
        String sse = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Answer.\"}],\"role\":\"model\"}}]}\r\n\r\n"
                + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"thoughtSignature\":\"bare-sig\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\"}]}\r\n\r\n";
        TurnResponse response = finished(replaySse(sse.getBytes(StandardCharsets.UTF_8), PLAIN, 0));
        assertEquals(2, response.output().size(), response.output().toString());
        List<GeminiSignatures.Signed> signed = GeminiSignatures.unwrap("gemini",
                assertInstanceOf(Reasoning.class, response.output().get(1)).encryptedContent());
        assertEquals(GeminiSignatures.On.TEXT, signed.get(0).on(), "the text it followed carries it back");
        assertEquals("bare-sig", signed.get(0).signature());
    }

    @Test
    void customToolCallsComeBackAsCustomToolCalls() {
        TurnContext context = req().tools(new ToolSpec.Custom("apply_patch", "Edit files.", null)).context();
        String patch = "*** Begin Patch\n*** Add File: a.txt\n+hi ünïcode\n*** End Patch\n";
        String sse = FakeGeminiServer.answer().call("apply_patch",
                GeminiFixtures.JSON.createObjectNode().put("input", patch).toString(), "sig-call").sse();
        TurnResponse response = finished(replaySse(sse.getBytes(StandardCharsets.UTF_8), context, 3));
        CustomToolCall call = assertInstanceOf(CustomToolCall.class, response.output().get(1));
        assertEquals("apply_patch", call.name());
        assertEquals(patch, call.input());
    }

    @Test
    void maxTokensIsIncomplete() {
        String sse = FakeGeminiServer.answer().text("Partial answ").finish("MAX_TOKENS").sse();
        TurnResponse response = finished(replaySse(sse.getBytes(StandardCharsets.UTF_8), PLAIN, 0));
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, response.stopReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII"})
    void blockedResponsesFailNamingTheReason(String reason) {
        String sse = FakeGeminiServer.answer().text("Some text").finish(reason).sse();
        List<StreamEvent> events = replaySse(sse.getBytes(StandardCharsets.UTF_8), PLAIN, 0);
        assertGrammar(events);
        TurnResponse failed = assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1)).response();
        assertEquals(400, failed.error().status());
        assertEquals("content_filter", failed.error().code());
        assertTrue(failed.error().message().contains(reason), failed.error().message());
    }

    @Test
    void malformedFunctionCallFailsRetryably() {
        String sse = FakeGeminiServer.answer().finish("MALFORMED_FUNCTION_CALL").sse();
        TurnResponse failed = assertInstanceOf(StreamEvent.Failed.class,
                last(replaySse(sse.getBytes(StandardCharsets.UTF_8), PLAIN, 0))).response();
        assertEquals("malformed_function_call", failed.error().code());
        assertTrue(failed.error().isRetryable());
        assertTrue(failed.error().message().contains("MALFORMED_FUNCTION_CALL"));
    }

    @Test
    void aBlockedPromptFailsWithA400() {
        String sse = FakeGeminiServer.answer().blocked("PROHIBITED_CONTENT").sse();
        TurnResponse failed = assertInstanceOf(StreamEvent.Failed.class,
                last(replaySse(sse.getBytes(StandardCharsets.UTF_8), PLAIN, 0))).response();
        assertEquals(400, failed.error().status());
        assertEquals("prompt_blocked", failed.error().code());
        assertTrue(failed.error().message().contains("PROHIBITED_CONTENT"));
    }

    @Test
    void anErrorChunkFailsTheStream() {
        String sse = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"}}]}\r\n\r\n"
                + "data: " + FakeGeminiServer.errorBody(503, "UNAVAILABLE", "The model is overloaded.") + "\r\n\r\n";
        TurnResponse failed = assertInstanceOf(StreamEvent.Failed.class,
                last(replaySse(sse.getBytes(StandardCharsets.UTF_8), PLAIN, 0))).response();
        assertEquals(503, failed.error().status());
        assertTrue(failed.error().message().contains("overloaded"), failed.error().message());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static TurnResponse finished(List<StreamEvent> events) {
        assertGrammar(events);
        return assertInstanceOf(StreamEvent.Finished.class, last(events), describe(events)).response();
    }

    static StreamEvent last(List<StreamEvent> events) {
        return events.get(events.size() - 1);
    }

    /** Created first, one terminal event last, every item added before its deltas and done exactly once. */
    static void assertGrammar(List<StreamEvent> events) {
        assertInstanceOf(StreamEvent.Created.class, events.get(0));
        assertTrue(last(events).isTerminal(), "last event is terminal");
        assertEquals(1, events.stream().filter(StreamEvent::isTerminal).count());
        Set<Integer> added = new HashSet<>();
        Set<Integer> done = new HashSet<>();
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.ItemAdded a) {
                assertTrue(added.add(a.outputIndex()));
            } else if (event instanceof StreamEvent.ItemDone d) {
                assertTrue(added.contains(d.outputIndex()));
                assertTrue(done.add(d.outputIndex()), "done once");
            } else if (event instanceof StreamEvent.TextDelta t) {
                assertTrue(added.contains(t.outputIndex()) && !done.contains(t.outputIndex()));
            } else if (event instanceof StreamEvent.FunctionArgumentsDelta f) {
                assertTrue(added.contains(f.outputIndex()) && !done.contains(f.outputIndex()));
            }
        }
        if (last(events) instanceof StreamEvent.Finished) {
            assertEquals(added, done, "a finished stream closed every item");
        }
    }

    /** The events as text, generated ids normalised (inside signature envelopes too), to compare replays. */
    static String describe(List<StreamEvent> events) {
        return events.stream().map(Object::toString).map(GeminiStreamTranslatorTest::openEnvelopes)
                .map(s -> s.replaceAll("\\b(msg|fc|rs|ctc|tsc|call|call_gm)_[0-9a-z]{24}\\b", "$1_ID"))
                .collect(Collectors.joining("\n"));
    }

    private static String openEnvelopes(String text) {
        Matcher m = Pattern.compile("gwr1\\.gemini\\.([A-Za-z0-9_-]+)").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    new String(Base64.getUrlDecoder().decode(m.group(1)), StandardCharsets.UTF_8)));
        }
        return m.appendTail(out).toString();
    }
}
