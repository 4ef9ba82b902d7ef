package io.camelgateway.provider.openaichat;

import static io.camelgateway.provider.openaichat.ChatTestSupport.context;
import static io.camelgateway.provider.openaichat.ChatTestSupport.replay;
import static io.camelgateway.provider.openaichat.ChatTestSupport.request;
import static io.camelgateway.provider.openaichat.ChatTestSupport.sse;
import static io.camelgateway.provider.openaichat.ChatTestSupport.terminal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.StreamEvent;
import io.camelgateway.canonical.ToolSpec;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.Usage;
import io.camelgateway.provider.TurnContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiChatStreamTranslatorTest {

    private static final TurnContext PLAIN = context(request(List.of(), List.of(), true));

    private static String vector() throws IOException {
        try (InputStream in = OpenAiChatStreamTranslatorTest.class
                .getResourceAsStream("/vectors/openai-chat/parallel-tool-calls-with-usage.sse")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7})
    void recordedParallelToolCallsKeepIndicesIdsArgumentsAndUsage(int chunkSize) throws IOException {
        List<StreamEvent> events = replay(vector(), chunkSize, PLAIN);

        StreamEvent.Finished finished = assertInstanceOf(StreamEvent.Finished.class, terminal(events));
        TurnResponse response = finished.response();
        assertEquals(StopReason.COMPLETED, response.stopReason());
        assertEquals(new Usage(190, 0, 0, 379, 320), response.usage());
        assertEquals(2, response.output().size());
        FunctionCall add = (FunctionCall) response.output().get(0);
        FunctionCall multiply = (FunctionCall) response.output().get(1);
        assertEquals("call_8ElDxJj6u7IUDEwQIrwFbveM", add.callId());
        assertEquals("add", add.name());
        assertEquals("{\"a\": 2, \"b\": 3}", add.arguments());
        assertEquals("call_HEZOX3JzspqFubADMNdWn12E", multiply.callId());
        assertEquals("multiply", multiply.name());
        assertEquals("{\"a\": 2, \"b\": 3}", multiply.arguments());

        List<Integer> added = events.stream().filter(e -> e instanceof StreamEvent.ItemAdded)
                .map(e -> ((StreamEvent.ItemAdded) e).outputIndex()).toList();
        assertEquals(List.of(0, 1), added);
        String argsOfFirst = events.stream().filter(e -> e instanceof StreamEvent.FunctionArgumentsDelta d
                        && d.outputIndex() == 0).map(e -> ((StreamEvent.FunctionArgumentsDelta) e).delta())
                .reduce("", String::concat);
        assertEquals("{\"a\": 2, \"b\": 3}", argsOfFirst);
        assertInstanceOf(StreamEvent.Created.class, events.get(0));
    }

    @Test
    void severalToolCallsInOneChunkAreKeyedByTheirIndexField() {
        String body = sse(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":["
                        + "{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"second\",\"arguments\":\"{\\\"y\\\"\"}},"
                        + "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"first\",\"arguments\":\"{\\\"x\\\":1}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\":2}\"}}]},\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]");
        TurnResponse response = ((StreamEvent.Finished) terminal(replay(body, 0, PLAIN))).response();
        FunctionCall second = (FunctionCall) response.output().get(0);
        FunctionCall first = (FunctionCall) response.output().get(1);
        assertEquals("call_b", second.callId());
        assertEquals("{\"y\":2}", second.arguments());
        assertEquals("call_a", first.callId());
        assertEquals("{\"x\":1}", first.arguments());
    }

    @Test
    void serverRepeatingIdAndNameOnEveryChunkGivesOneCall() {
        String piece = "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"exec_command\",\"arguments\":\"%s\"}}]}}]}";
        String body = sse(String.format(piece, "{\\\"cmd\\\":"), String.format(piece, "\\\"ls\\\"}"),
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}", "[DONE]");
        TurnResponse response = ((StreamEvent.Finished) terminal(replay(body, 3, PLAIN))).response();
        assertEquals(1, response.output().size());
        FunctionCall call = (FunctionCall) response.output().get(0);
        assertEquals("exec_command", call.name());
        assertEquals("{\"cmd\":\"ls\"}", call.arguments());
    }

    @Test
    void missingCallIdIsGenerated() {
        String body = sse("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}", "[DONE]");
        FunctionCall call = (FunctionCall) ((StreamEvent.Finished) terminal(replay(body, 0, PLAIN))).response()
                .output().get(0);
        assertTrue(call.callId().startsWith("call_"));
    }

    @Test
    void finishReasonWithoutDoneFinishesNormallyAndKeepsUsageOnAChunkWithChoices() {
        String body = sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cached_tokens\":2}}}");
        TurnResponse response = ((StreamEvent.Finished) terminal(replay(body, 0, PLAIN))).response();
        assertEquals(StopReason.MAX_OUTPUT_TOKENS, response.stopReason());
        assertEquals(new Usage(5, 2, 0, 1, 0), response.usage());
        assertEquals("Hi", ((Message) response.output().get(0)).joinedText());
    }

    @Test
    void cutStreamFailsRetryablyAndNeverCompletesTheHalfCall() {
        String body = sse("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}}]}");
        List<StreamEvent> events = replay(body, 0, PLAIN);
        StreamEvent.Failed failed = assertInstanceOf(StreamEvent.Failed.class, terminal(events));
        assertTrue(failed.response().error().isRetryable());
        assertEquals("server_error", failed.response().error().type());
        assertFalse(events.stream().anyMatch(e -> e instanceof StreamEvent.ItemDone));
    }

    @Test
    void inBandErrorFailsTheTurn() {
        String body = sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}",
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}");
        StreamEvent.Failed failed = assertInstanceOf(StreamEvent.Failed.class, terminal(replay(body, 0, PLAIN)));
        assertEquals(429, failed.response().error().status());
    }

    @Test
    void reasoningContentStreamsIntoAReasoningItemClosedBeforeText() {
        String body = sse("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"Let me \"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":null,\"content\":\"Answer\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}", "[DONE]");
        List<StreamEvent> events = replay(body, 2, PLAIN);
        TurnResponse response = ((StreamEvent.Finished) terminal(events)).response();
        Reasoning reasoning = (Reasoning) response.output().get(0);
        assertEquals(List.of("Let me think."), reasoning.summary());
        assertEquals(null, reasoning.encryptedContent());
        assertEquals("Answer", ((Message) response.output().get(1)).joinedText());
        int reasoningDone = indexOf(events, e -> e instanceof StreamEvent.ItemDone d && d.item() instanceof Reasoning);
        int firstText = indexOf(events, e -> e instanceof StreamEvent.TextDelta);
        assertTrue(reasoningDone < firstText);
    }

    @Test
    void customToolComesBackAsCustomCallWithRawInput() {
        TurnContext context = context(request(List.of(),
                List.of(new ToolSpec.Custom("apply_patch", "Edit files", null)), true));
        String body = sse("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_p\","
                        + "\"function\":{\"name\":\"apply_patch\",\"arguments\":\"{\\\"input\\\":\\\"*** Begin Patch\\\\n\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"*** End Patch\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]");
        TurnResponse response = ((StreamEvent.Finished) terminal(replay(body, 0, context))).response();
        CustomToolCall call = (CustomToolCall) response.output().get(0);
        assertEquals("*** Begin Patch\n*** End Patch", call.input());
        assertNotNull(call.callId());
    }

    private static int indexOf(List<StreamEvent> events, java.util.function.Predicate<StreamEvent> test) {
        for (int i = 0; i < events.size(); i++) {
            if (test.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
