package io.camelgateway.provider.openai;

import static io.camelgateway.provider.openai.ResponsesTestSupport.context;
import static io.camelgateway.provider.openai.ResponsesTestSupport.replayJsonLines;
import static io.camelgateway.provider.openai.ResponsesTestSupport.replaySse;
import static io.camelgateway.provider.openai.ResponsesTestSupport.request;
import static io.camelgateway.provider.openai.ResponsesTestSupport.sse;
import static io.camelgateway.provider.openai.ResponsesTestSupport.vector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.ContentPart;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Item;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.Role;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.json.Json;
import io.camelgateway.provider.TurnContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenAiResponsesStreamTranslatorTest {

    private static final String REASONING_THEN_CALL = "reasoning-encrypted-summary-then-function-call.sse";
    private static final ToolSpec WEATHER = new ToolSpec.Function("weather", "Get weather", null, false);

    private static TurnContext weatherContext() {
        return context(request(List.of(Message.text(Role.USER, "weather?")), List.of(WEATHER)));
    }

    @Test
    void recordedReasoningThenFunctionCall() {
        String body = vector(REASONING_THEN_CALL);
        List<StreamEvent> events = replaySse(body, 0, weatherContext());
        assertGrammar(events);

        TurnResponse response = finished(events);
        assertEquals(StopReason.COMPLETED, response.stopReason());
        assertEquals(new Usage(63, 0, 0, 121, 64), response.usage());
        assertEquals(2, response.output().size());

        Reasoning reasoning = assertInstanceOf(Reasoning.class, response.output().get(0));
        assertEquals(1, reasoning.summary().size());
        assertTrue(reasoning.summary().get(0).startsWith("**Getting weather info**\n\nI need to respond"),
                reasoning.summary().get(0));
        assertTrue(reasoning.summary().get(0).endsWith("see what it returns!"), reasoning.summary().get(0));
        // the item done's encrypted content is the one to replay, not the one output_item.added carried
        assertTrue(reasoning.encryptedContent().startsWith("gAAAAABqPBJWAIvEAmUT"), reasoning.encryptedContent());
        String streamedSummary = events.stream().filter(StreamEvent.ReasoningSummaryDelta.class::isInstance)
                .map(e -> ((StreamEvent.ReasoningSummaryDelta) e).delta()).collect(Collectors.joining());
        assertEquals(reasoning.summary().get(0), streamedSummary);
        assertEquals(75, events.stream().filter(StreamEvent.ReasoningSummaryDelta.class::isInstance).count());

        FunctionCall call = assertInstanceOf(FunctionCall.class, response.output().get(1));
        assertEquals("call_zgUaIBRPTwxxOusyyKw5NVMH", call.callId());
        assertEquals("weather", call.name());
        assertEquals("{\"location\":\"Florence, Italy\"}", call.arguments());
        String streamedArguments = events.stream().filter(StreamEvent.FunctionArgumentsDelta.class::isInstance)
                .map(e -> ((StreamEvent.FunctionArgumentsDelta) e).delta()).collect(Collectors.joining());
        assertEquals(call.arguments(), streamedArguments);
        assertTrue(response.hasToolCalls());
    }

    @Test
    void chunkingDoesNotChangeTheResult() {
        String body = vector(REASONING_THEN_CALL);
        String whole = describe(replaySse(body, 0, weatherContext()));
        assertEquals(whole, describe(replaySse(body, 1, weatherContext())), "1-byte chunks");
        assertEquals(whole, describe(replaySse(body, 97, weatherContext())), "97-byte chunks");
    }

    @Test
    void aStreamCutBeforeItsTerminalEventFailsWithoutCompletingTheCall() {
        String body = vector(REASONING_THEN_CALL);
        int cut = body.indexOf("response.function_call_arguments.done");
        List<StreamEvent> events = replaySse(body.substring(0, cut), 0, weatherContext());
        assertGrammar(events);
        TurnResponse failed = assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1)).response();
        assertEquals("stream_interrupted", failed.error().code());
        assertTrue(failed.error().isRetryable());
        assertFalse(events.stream().anyMatch(e -> e instanceof StreamEvent.ItemDone done
                && done.item() instanceof FunctionCall), "a half-streamed call must never be final");
    }

    @Test
    void recordedErrorEventFailsTheTurn() {
        List<StreamEvent> events = replayJsonLines(vector("error-event-then-response-failed.jsonl"), weatherContext());
        assertGrammar(events);
        TurnError error = assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1)).response().error();
        assertEquals(429, error.status());
        assertEquals("insufficient_quota", error.code());
        assertTrue(error.message().startsWith("openai: You exceeded your current quota"), error.message());
        assertEquals(1, events.stream().filter(StreamEvent::isTerminal).count());
    }

    @Test
    void aFailedResponseFailsTheTurn() {
        List<StreamEvent> events = replaySse(sse(created(),
                "{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\",\"status\":\"failed\","
                        + "\"error\":{\"code\":\"server_error\",\"message\":\"The model crashed\"}}}"), 0, weatherContext());
        TurnError error = assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1)).response().error();
        assertEquals(502, error.status());
        assertEquals("openai: The model crashed", error.message());
    }

    @Test
    void textDeltasThenAnAuthoritativeDoneItem() {
        List<StreamEvent> events = replaySse(sse(created(),
                added(0, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}"),
                "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Hel\"}",
                "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"lo\"}",
                done(0, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                        + "[{\"type\":\"output_text\",\"text\":\"Hello, world\",\"annotations\":[]}]}"),
                completed(12, 3)), 0, weatherContext());
        assertGrammar(events);
        TurnResponse response = finished(events);
        Message message = assertInstanceOf(Message.class, response.output().get(0));
        assertEquals("Hello, world", message.joinedText());
        assertEquals(List.of("Hel", "lo", ", world"), events.stream().filter(StreamEvent.TextDelta.class::isInstance)
                .map(e -> ((StreamEvent.TextDelta) e).delta()).collect(Collectors.toList()));
        assertEquals(new Usage(12, 4, 0, 3, 1), response.usage());
        assertFalse(response.hasToolCalls());
    }

    @Test
    void parallelCallsKeepTheirOrderAndIds() {
        List<StreamEvent> events = replaySse(sse(created(),
                added(0, call("fc_a", "call_a", "weather", "")),
                added(1, call("fc_b", "call_b", "weather", "")),
                argsDelta(1, "fc_b", "{\"location\":"),
                argsDelta(0, "fc_a", "{\"location\":\"Rome\"}"),
                argsDelta(1, "fc_b", "\"Oslo\"}"),
                done(1, call("fc_b", "call_b", "weather", "{\"location\":\"Oslo\"}")),
                done(0, call("fc_a", "call_a", "weather", "{\"location\":\"Rome\"}")),
                completed(30, 20)), 0, weatherContext());
        assertGrammar(events);
        List<Item> output = finished(events).output();
        // items are listed in the order they finished; each keeps its own call id and arguments
        Set<String> calls = output.stream().map(i -> ((FunctionCall) i).callId() + "=" + ((FunctionCall) i).arguments())
                .collect(Collectors.toSet());
        assertEquals(Set.of("call_a={\"location\":\"Rome\"}", "call_b={\"location\":\"Oslo\"}"), calls);
        List<StreamEvent.ItemAdded> adds = events.stream().filter(StreamEvent.ItemAdded.class::isInstance)
                .map(StreamEvent.ItemAdded.class::cast).collect(Collectors.toList());
        assertEquals("call_a", ((FunctionCall) adds.get(0).item()).callId());
        assertEquals(0, adds.get(0).outputIndex());
        assertEquals("call_b", ((FunctionCall) adds.get(1).item()).callId());
        assertEquals(1, adds.get(1).outputIndex());
    }

    @Test
    void argumentsOnlyInTheDoneItemStillArrive() {
        List<StreamEvent> events = replaySse(sse(created(),
                done(0, call("fc_a", "call_a", "weather", "{\"location\":\"Rome\"}")),
                completed(30, 20)), 0, weatherContext());
        assertGrammar(events);
        FunctionCall call = assertInstanceOf(FunctionCall.class, finished(events).output().get(0));
        assertEquals("{\"location\":\"Rome\"}", call.arguments());
        assertEquals("call_a", call.callId());
    }

    @Test
    void freeformInputStreamsAsRawText() {
        ToolSpec patch = new ToolSpec.Custom("apply_patch", "edit files", null);
        TurnContext context = context(request(List.of(), List.of(patch)));
        String input = "*** Begin Patch\n*** Add File: a.txt\n+say \"hi\" \\ bye\n*** End Patch\n";
        List<StreamEvent> events = replaySse(sse(created(),
                added(0, "{\"id\":\"ctc_1\",\"type\":\"custom_tool_call\",\"status\":\"in_progress\",\"call_id\":\"call_p\","
                        + "\"name\":\"apply_patch\",\"input\":\"\"}"),
                customDelta(0, "*** Begin Patch\\n*** Add"),
                customDelta(0, " File: a.txt\\n+say \\\"hi\\\" \\\\"),
                customDelta(0, " bye\\n"),
                done(0, "{\"id\":\"ctc_1\",\"type\":\"custom_tool_call\",\"status\":\"completed\",\"call_id\":\"call_p\","
                        + "\"name\":\"apply_patch\",\"input\":" + Json.text(
                                Json.NODES.textNode(input)) + "}"),
                completed(10, 10)), 0, context);
        assertGrammar(events);
        CustomToolCall call = assertInstanceOf(CustomToolCall.class, finished(events).output().get(0));
        assertEquals("apply_patch", call.name());
        assertEquals("call_p", call.callId());
        assertEquals(input, call.input());
        String streamed = events.stream().filter(StreamEvent.CustomInputDelta.class::isInstance)
                .map(e -> ((StreamEvent.CustomInputDelta) e).delta()).collect(Collectors.joining());
        assertEquals(input, streamed);
        assertTrue(events.stream().filter(StreamEvent.CustomInputDelta.class::isInstance).count() >= 3,
                "input streams live, not only at the end");
    }

    @Test
    void reasoningTextBecomesTheSummaryAndPartsFollowTheirIndex() {
        List<StreamEvent> events = replaySse(sse(created(),
                added(0, "{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}"),
                "{\"type\":\"response.reasoning_text.delta\",\"item_id\":\"rs_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"think \"}",
                "{\"type\":\"response.reasoning_text.delta\",\"item_id\":\"rs_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"hard\"}",
                done(0, "{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[],\"content\":[{\"type\":\"reasoning_text\",\"text\":\"think hard\"}]}"),
                added(1, "{\"id\":\"rs_2\",\"type\":\"reasoning\",\"summary\":[]}"),
                summaryPart(1, "rs_2", 0), summaryDelta(1, "rs_2", 0, "first"),
                summaryPart(1, "rs_2", 1), summaryDelta(1, "rs_2", 1, "second"),
                done(1, "{\"id\":\"rs_2\",\"type\":\"reasoning\",\"encrypted_content\":\"gAAAA2\",\"summary\":"
                        + "[{\"type\":\"summary_text\",\"text\":\"first\"},{\"type\":\"summary_text\",\"text\":\"second\"}]}"),
                completed(5, 5)), 0, weatherContext());
        assertGrammar(events);
        List<Item> output = finished(events).output();
        Reasoning first = (Reasoning) output.get(0);
        assertEquals(List.of("think hard"), first.summary());
        assertTrue(first.content().isEmpty());
        Reasoning second = (Reasoning) output.get(1);
        assertEquals(List.of("first", "second"), second.summary());
        assertEquals("gAAAA2", second.encryptedContent());
    }

    @Test
    void incompleteResponsesMapToTheirStopReason() {
        for (String reason : List.of("max_output_tokens", "content_filter")) {
            List<StreamEvent> events = replaySse(sse(created(),
                    added(0, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}"),
                    "{\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"delta\":\"Hi\"}",
                    "{\"type\":\"response.incomplete\",\"response\":{\"id\":\"resp_1\",\"status\":\"incomplete\","
                            + "\"incomplete_details\":{\"reason\":\"" + reason + "\"},\"usage\":{\"input_tokens\":3,"
                            + "\"output_tokens\":16}}}"), 0, weatherContext());
            assertGrammar(events);
            TurnResponse response = finished(events);
            assertEquals(reason.equals("content_filter") ? StopReason.CONTENT_FILTER : StopReason.MAX_OUTPUT_TOKENS,
                    response.stopReason());
            assertEquals("Hi", ((Message) response.output().get(0)).joinedText());
            assertEquals(16, response.usage().outputTokens());
        }
    }

    @Test
    void hostedToolItemsAreSkipped() {
        List<StreamEvent> events = replaySse(sse(created(),
                added(0, "{\"id\":\"ws_1\",\"type\":\"web_search_call\",\"status\":\"in_progress\"}"),
                "{\"type\":\"response.web_search_call.searching\",\"item_id\":\"ws_1\",\"output_index\":0}",
                done(0, "{\"id\":\"ws_1\",\"type\":\"web_search_call\",\"status\":\"completed\",\"action\":{\"type\":\"search\"}}"),
                added(1, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}"),
                done(1, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":"
                        + "[{\"type\":\"output_text\",\"text\":\"Found it\",\"annotations\":[]}]}"),
                completed(5, 5)), 0, weatherContext());
        assertGrammar(events);
        List<Item> output = finished(events).output();
        assertEquals(1, output.size());
        assertEquals(List.of(new ContentPart.Text("Found it", true)), ((Message) output.get(0)).content());
    }

    @Test
    void namespacedAndRenamedToolsComeBackUnderTheClientsNames() {
        String longName = "mcp__a_server_with_a_rather_long_name__a_tool_with_an_even_longer_name_than_that";
        ToolSpec renamed = new ToolSpec.Function(longName, "long", null, null);
        ToolSpec namespace = new ToolSpec.Namespace("github", "GitHub tools",
                List.of(new ToolSpec.Function("create_issue", "new issue", null, null)));
        TurnContext context = context(request(List.of(), List.of(renamed, namespace)));
        String wire = context.tools().wireName(null, longName);
        assertTrue(wire.length() <= 64, wire);
        List<StreamEvent> events = replaySse(sse(created(),
                done(0, call("fc_a", "call_a", wire, "{}")),
                done(1, "{\"id\":\"fc_b\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_b\","
                        + "\"namespace\":\"github\",\"name\":\"create_issue\",\"arguments\":\"{}\"}"),
                completed(5, 5)), 0, context);
        List<Item> output = finished(events).output();
        assertEquals(longName, ((FunctionCall) output.get(0)).name());
        FunctionCall namespaced = (FunctionCall) output.get(1);
        assertEquals("github", namespaced.namespace());
        assertEquals("create_issue", namespaced.name());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static TurnResponse finished(List<StreamEvent> events) {
        StreamEvent last = events.get(events.size() - 1);
        return assertInstanceOf(StreamEvent.Finished.class, last, events.toString()).response();
    }

    /** Created first, items added before their deltas and done once, exactly one terminal event, last. */
    static void assertGrammar(List<StreamEvent> events) {
        assertInstanceOf(StreamEvent.Created.class, events.get(0));
        Set<Integer> open = new HashSet<>();
        Set<Integer> closed = new HashSet<>();
        for (int i = 1; i < events.size(); i++) {
            StreamEvent event = events.get(i);
            if (event instanceof StreamEvent.ItemAdded added) {
                assertTrue(open.add(added.outputIndex()), "added twice: " + event);
            } else if (event instanceof StreamEvent.ItemDone done) {
                assertTrue(open.contains(done.outputIndex()) && closed.add(done.outputIndex()), "done: " + event);
            } else if (event.isTerminal()) {
                assertEquals(events.size() - 1, i, "terminal event not last");
            } else if (!(event instanceof StreamEvent.KeepAlive)) {
                int index = outputIndex(event);
                assertTrue(open.contains(index) && !closed.contains(index), "delta for a closed item: " + event);
            }
        }
        assertTrue(events.get(events.size() - 1).isTerminal(), "no terminal event");
    }

    private static int outputIndex(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.ReasoningSummaryPartAdded e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.ReasoningSummaryDelta e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.ReasoningSummaryPartDone e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.FunctionArgumentsDelta e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.CustomInputDelta e) {
            return e.outputIndex();
        }
        throw new AssertionError("unexpected event " + event);
    }

    private static String describe(List<StreamEvent> events) {
        return events.stream().map(Object::toString)
                .map(s -> s.replaceAll("\\b(msg|fc|rs|ctc|tsc|call)_[0-9a-z]{24}\\b", "$1_ID"))
                .collect(Collectors.joining("\n"));
    }

    static String created() {
        return "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}";
    }

    static String added(int index, String item) {
        return "{\"type\":\"response.output_item.added\",\"output_index\":" + index + ",\"item\":" + item + "}";
    }

    static String done(int index, String item) {
        return "{\"type\":\"response.output_item.done\",\"output_index\":" + index + ",\"item\":" + item + "}";
    }

    static String call(String id, String callId, String name, String arguments) {
        return "{\"id\":\"" + id + "\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"" + callId
                + "\",\"name\":\"" + name + "\",\"arguments\":" + Json.text(
                        Json.NODES.textNode(arguments)) + "}";
    }

    private static String argsDelta(int index, String itemId, String delta) {
        return "{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"" + itemId + "\",\"output_index\":"
                + index + ",\"delta\":" + Json.text(Json.NODES.textNode(delta)) + "}";
    }

    /** {@code delta} is already JSON-escaped. */
    private static String customDelta(int index, String delta) {
        return "{\"type\":\"response.custom_tool_call_input.delta\",\"item_id\":\"ctc_1\",\"output_index\":" + index
                + ",\"delta\":\"" + delta + "\"}";
    }

    private static String summaryPart(int index, String itemId, int summaryIndex) {
        return "{\"type\":\"response.reasoning_summary_part.added\",\"item_id\":\"" + itemId + "\",\"output_index\":"
                + index + ",\"summary_index\":" + summaryIndex + ",\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}";
    }

    private static String summaryDelta(int index, String itemId, int summaryIndex, String delta) {
        return "{\"type\":\"response.reasoning_summary_text.delta\",\"item_id\":\"" + itemId + "\",\"output_index\":"
                + index + ",\"summary_index\":" + summaryIndex + ",\"delta\":\"" + delta + "\"}";
    }

    static String completed(long input, long output) {
        return "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"usage\":"
                + "{\"input_tokens\":" + input + ",\"input_tokens_details\":{\"cached_tokens\":" + (input / 3) + "},"
                + "\"output_tokens\":" + output + ",\"output_tokens_details\":{\"reasoning_tokens\":" + (output / 3)
                + "},\"total_tokens\":" + (input + output) + "}}}";
    }
}
