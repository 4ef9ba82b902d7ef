package io.camelgateway.api.responses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Canonical events rendered as Responses SSE: the event names Codex reads, numbered 0, 1, 2, ... */
class ResponsesStreamEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One SSE frame: its {@code event:} name and its parsed {@code data:}. */
    record Frame(String event, JsonNode data) {
        String type() {
            return data.path("type").asText();
        }
    }

    static Frame parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n\n"), text);
        String[] lines = text.substring(0, text.length() - 2).split("\n");
        assertEquals(2, lines.length, text);
        assertTrue(lines[0].startsWith("event: ") && lines[1].startsWith("data: "), text);
        try {
            return new Frame(lines[0].substring(7), JSON.readTree(lines[1].substring(6)));
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    private static List<Frame> stream(Consumer<TurnStreamAssembler> script) {
        ResponsesStreamEncoder encoder = new ResponsesStreamEncoder();
        List<Frame> frames = new ArrayList<>();
        ToolNameMap tools = new ToolNameMap(ToolNameRules.OPENAI);
        tools.register(new ToolRef(ToolKind.CUSTOM, null, "apply_patch"));
        TurnStreamAssembler assembler = new TurnStreamAssembler(
                e -> encoder.encode(e).forEach(f -> frames.add(parse(f))), tools, "resp_s", "gpt-x", 1L);
        script.accept(assembler);
        return frames;
    }

    private static List<String> names(List<Frame> frames) {
        return frames.stream().map(Frame::event).toList();
    }

    private static void assertNumberedAndNamed(List<Frame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertEquals(frame.event(), frame.type(), "event: name and data type agree");
            assertEquals(i, frame.data().path("sequence_number").asLong(), frame.data().toString());
        }
    }

    @Test
    void aFullTurnInTheOrderCodexExpects() {
        List<Frame> frames = stream(a -> {
            int rs = a.openReasoning();
            a.appendReasoningSummary(rs, "Plan");
            a.nextReasoningSummaryPart(rs);
            a.appendReasoningSummary(rs, "Act");
            a.setReasoningEncrypted(rs, "sig");
            a.closeItem(rs);
            int msg = a.openMessage();
            a.appendText(msg, "Hi");
            a.closeItem(msg);
            int call = a.openToolCall("call_1", "exec_command");
            a.appendToolArguments(call, "{\"cmd\":\"ls\"}");
            a.closeItem(call);
            int patch = a.openToolCall("call_p", "apply_patch");
            a.appendToolArguments(patch, "{\"input\":\"*** Begin Patch\\n\"}");
            a.keepAlive();
            a.setUsage(new Usage(10, 0, 0, 5, 2));
            a.finish(StopReason.COMPLETED);
        });
        assertNumberedAndNamed(frames);
        assertEquals(List.of("response.created", "response.in_progress",
                "response.output_item.added",
                "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.reasoning_summary_part.added", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done",
                "response.output_item.done",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.output_item.added", "response.custom_tool_call_input.delta",
                "response.in_progress",
                "response.custom_tool_call_input.done", "response.output_item.done",
                "response.completed"), names(frames));

        Frame created = frames.get(0);
        assertEquals("resp_s", created.data().path("response").path("id").asText());
        assertEquals("in_progress", created.data().path("response").path("status").asText());
        Frame text = frames.get(14);
        assertEquals("Hi", text.data().path("delta").asText());
        assertEquals(1, text.data().path("output_index").asInt());
        assertTrue(text.data().path("logprobs").isArray());
        Frame args = frames.get(19);
        assertEquals(2, args.data().path("output_index").asInt());
        assertEquals("{\"cmd\":\"ls\"}", args.data().path("delta").asText());
        Frame customDelta = frames.get(23);
        assertEquals("call_p", customDelta.data().path("call_id").asText());
        assertEquals("*** Begin Patch\n", customDelta.data().path("delta").asText());
        Frame reasoningDone = frames.get(11);
        assertEquals("sig", reasoningDone.data().path("item").path("encrypted_content").asText());
        assertEquals("Act", reasoningDone.data().path("item").path("summary").get(1).path("text").asText());
        JsonNode completed = frames.get(frames.size() - 1).data().path("response");
        assertEquals("completed", completed.path("status").asText());
        assertEquals(4, completed.path("output").size());
        assertEquals(15, completed.path("usage").path("total_tokens").asLong());
    }

    @Test
    void aTurnCutAtTheTokenLimitEndsIncomplete() {
        List<Frame> frames = stream(a -> {
            a.appendText(a.openMessage(), "partial");
            a.finish(StopReason.MAX_OUTPUT_TOKENS);
        });
        assertNumberedAndNamed(frames);
        Frame last = frames.get(frames.size() - 1);
        assertEquals("response.incomplete", last.event());
        assertEquals("max_output_tokens", last.data().path("response").path("incomplete_details").path("reason").asText());
    }

    @Test
    void aFailedTurnEndsWithResponseFailedAndNoDoneForTheOpenCall() {
        List<Frame> frames = stream(a -> {
            int call = a.openToolCall("call_1", "exec_command");
            a.appendToolArguments(call, "{\"cmd\":");
            a.fail(TurnError.upstream(502, "upstream_error", "cut", null));
        });
        assertNumberedAndNamed(frames);
        assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.failed"), names(frames));
        JsonNode failed = frames.get(4).data().path("response");
        assertEquals("failed", failed.path("status").asText());
        assertEquals("cut", failed.path("error").path("message").asText());
        assertEquals(0, failed.path("output").size());
    }

    @Test
    void numberingIsPerStream() {
        ResponsesStreamEncoder first = new ResponsesStreamEncoder();
        ResponsesStreamEncoder second = new ResponsesStreamEncoder();
        List<Frame> a = new ArrayList<>();
        List<Frame> b = new ArrayList<>();
        new TurnStreamAssembler(e -> first.encode(e).forEach(f -> a.add(parse(f))), new ToolNameMap(ToolNameRules.OPENAI),
                "m").finish(StopReason.COMPLETED);
        new TurnStreamAssembler(e -> second.encode(e).forEach(f -> b.add(parse(f))), new ToolNameMap(ToolNameRules.OPENAI),
                "m").finish(StopReason.COMPLETED);
        assertNumberedAndNamed(a);
        assertNumberedAndNamed(b);
    }
}
