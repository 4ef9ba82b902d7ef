package io.camelgateway.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event grammar every client encoder relies on, whatever order a provider's translator calls in. */
class TurnStreamAssemblerTest {

    private final List<StreamEvent> events = new ArrayList<>();

    private TurnStreamAssembler assembler() {
        return assembler(new ToolNameMap(ToolNameRules.OPENAI));
    }

    private TurnStreamAssembler assembler(ToolNameMap tools) {
        return new TurnStreamAssembler(events::add, tools, "resp_t", "model-t", 42L);
    }

    /** Created first; one terminal, last; every delta and done after its item was added and before it was done. */
    private void assertGrammar() {
        assertInstanceOf(StreamEvent.Created.class, events.get(0));
        assertEquals(1, events.stream().filter(e -> e instanceof StreamEvent.Created).count());
        assertEquals(1, events.stream().filter(StreamEvent::isTerminal).count());
        assertTrue(events.get(events.size() - 1).isTerminal());
        Set<Integer> added = new HashSet<>();
        Set<Integer> done = new HashSet<>();
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.ItemAdded a) {
                assertTrue(added.add(a.outputIndex()), "added once: " + a);
                assertEquals(added.size() - 1, a.outputIndex(), "indices are consecutive");
            } else if (event instanceof StreamEvent.ItemDone d) {
                assertTrue(added.contains(d.outputIndex()), "done after added: " + d);
                assertTrue(done.add(d.outputIndex()), "done exactly once: " + d);
            } else {
                Integer index = outputIndex(event);
                if (index != null) {
                    assertTrue(added.contains(index) && !done.contains(index), "delta for an open item: " + event);
                }
            }
        }
    }

    private static Integer outputIndex(StreamEvent event) {
        if (event instanceof StreamEvent.TextDelta e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.FunctionArgumentsDelta e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.CustomInputDelta e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.ReasoningSummaryDelta e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.ReasoningSummaryPartAdded e) {
            return e.outputIndex();
        } else if (event instanceof StreamEvent.ReasoningSummaryPartDone e) {
            return e.outputIndex();
        }
        return null;
    }

    private <T extends StreamEvent> List<T> only(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void createdComesFirstEvenWhenATranslatorSkipsStart() {
        TurnStreamAssembler a = assembler();
        int msg = a.openMessage();
        assertEquals(0, msg);
        StreamEvent.Created created = assertInstanceOf(StreamEvent.Created.class, events.get(0));
        assertEquals("resp_t", created.response().id());
        assertEquals("model-t", created.response().model());
        assertEquals(42L, created.response().createdAt());
        assertEquals(List.of(), created.response().output());
        assertInstanceOf(StreamEvent.ItemAdded.class, events.get(1));
        a.start();
        assertEquals(2, events.size(), "start is idempotent");
    }

    @Test
    void continueAfterCreatedSuppressesTheStartEvent() {
        TurnStreamAssembler a = assembler();
        a.continueAfterCreated();
        a.appendText(a.openMessage(), "x");
        a.finish(StopReason.COMPLETED);
        assertTrue(only(StreamEvent.Created.class).isEmpty());
        assertInstanceOf(StreamEvent.ItemAdded.class, events.get(0));
        assertTrue(events.get(events.size() - 1).isTerminal());
    }

    @Test
    void itemsAreAddedBeforeTheirDeltasAndDoneExactlyOnceInOrder() {
        TurnStreamAssembler a = assembler();
        int rs = a.openReasoning();
        a.appendReasoningSummary(rs, "think");
        int msg = a.openMessage();
        a.appendText(msg, "Hel");
        a.appendText(rs, "wrong kind of item");
        a.appendText(msg, "lo");
        a.closeItem(msg);
        a.closeItem(msg);
        a.finish(StopReason.COMPLETED);
        assertGrammar();
        List<StreamEvent.ItemDone> done = only(StreamEvent.ItemDone.class);
        assertEquals(List.of(1, 0), done.stream().map(StreamEvent.ItemDone::outputIndex).toList(),
                "closed explicitly first, the rest closed by finish");
        Message message = (Message) done.get(0).item();
        assertEquals("Hello", message.joinedText());
        assertEquals(Role.ASSISTANT, message.role());
        assertEquals(List.of("Hel", "lo"), only(StreamEvent.TextDelta.class).stream()
                .map(StreamEvent.TextDelta::delta).toList());
        StreamEvent.Finished finished = only(StreamEvent.Finished.class).get(0);
        assertEquals(List.of(message, done.get(1).item()), finished.response().output(),
                "the final output lists items in the order they were done");
        assertEquals("completed", finished.response().status());
    }

    @Test
    void deltasForUnknownClosedOrEmptyTargetsAreIgnored() {
        TurnStreamAssembler a = assembler();
        int msg = a.openMessage();
        a.appendText(7, "unknown index");
        a.appendText(-1, "negative index");
        a.appendText(msg, "");
        a.appendText(msg, null);
        a.appendToolArguments(msg, "{}");
        a.appendReasoningSummary(msg, "not reasoning");
        a.closeItem(msg);
        a.appendText(msg, "after done");
        a.closeItem(9);
        a.finish(StopReason.COMPLETED);
        assertGrammar();
        assertTrue(only(StreamEvent.TextDelta.class).isEmpty());
        assertTrue(only(StreamEvent.FunctionArgumentsDelta.class).isEmpty());
        assertEquals("", ((Message) only(StreamEvent.ItemDone.class).get(0).item()).joinedText());
    }

    @Test
    void exactlyOneTerminalAndNothingAfterIt() {
        TurnStreamAssembler a = assembler();
        int msg = a.openMessage();
        assertNotNull(a.finish(StopReason.COMPLETED));
        assertTrue(a.isTerminated());
        int size = events.size();
        assertNull(a.finish(StopReason.COMPLETED));
        assertNull(a.fail(TurnError.upstream(502, "upstream_error", "late", null)), "fail after finish is ignored");
        assertEquals(-1, a.openMessage());
        a.appendText(msg, "late");
        a.keepAlive();
        a.closeItem(msg);
        assertEquals(size, events.size());
        assertGrammar();
    }

    @Test
    void failLeavesOpenItemsUnfinishedSoNoHalfCallRuns() {
        TurnStreamAssembler a = assembler();
        int text = a.openMessage();
        a.appendText(text, "done part");
        a.closeItem(text);
        int call = a.openToolCall("call_1", "exec_command");
        a.appendToolArguments(call, "{\"cmd\":");
        TurnError error = TurnError.upstream(502, "upstream_error", "cut", null);
        TurnResponse failed = a.fail(error);
        assertGrammar();
        assertEquals(List.of(0), only(StreamEvent.ItemDone.class).stream().map(StreamEvent.ItemDone::outputIndex).toList());
        assertEquals("failed", failed.status());
        assertEquals(error, failed.error());
        assertEquals(1, failed.output().size());
        assertInstanceOf(StreamEvent.Failed.class, events.get(events.size() - 1));
        assertNull(a.finish(StopReason.COMPLETED));
    }

    @Test
    void failBeforeAnythingStillStartsTheStream() {
        TurnStreamAssembler a = assembler();
        a.fail(TurnError.upstream(503, "upstream_error", "down", null));
        assertEquals(2, events.size());
        assertInstanceOf(StreamEvent.Created.class, events.get(0));
        assertInstanceOf(StreamEvent.Failed.class, events.get(1));
    }

    @Test
    void keepAliveOnlyWhileTheStreamIsOpen() {
        TurnStreamAssembler a = assembler();
        a.keepAlive();
        assertTrue(events.isEmpty(), "nothing before the stream started");
        a.start();
        a.keepAlive();
        StreamEvent.KeepAlive keepAlive = assertInstanceOf(StreamEvent.KeepAlive.class, events.get(1));
        assertEquals("resp_t", keepAlive.response().id());
        a.finish(StopReason.COMPLETED);
        a.keepAlive();
        assertTrue(events.get(events.size() - 1).isTerminal());
    }

    @Test
    void toolNamesMapBackThroughTheRequestsToolNameMap() {
        ToolNameMap tools = new ToolNameMap(ToolNameRules.ANTHROPIC);
        String namespaced = tools.register(new ToolRef(ToolKind.FUNCTION, "multi_agent_v1", "spawn_agent"));
        String patch = tools.register(new ToolRef(ToolKind.CUSTOM, null, "apply_patch"));
        String search = tools.register(new ToolRef(ToolKind.TOOL_SEARCH, null, ToolNameMap.TOOL_SEARCH_NAME));
        TurnStreamAssembler a = assembler(tools);
        int fn = a.openToolCall("call_f", namespaced);
        a.appendToolArguments(fn, "{\"task\":");
        a.appendToolArguments(fn, "\"x\"}");
        int custom = a.openToolCall("call_p", patch);
        a.appendToolArguments(custom, "{\"input\":\"*** Begin");
        a.appendToolArguments(custom, " Patch\\n\"}");
        int ts = a.openToolCall("call_s", search);
        a.appendToolArguments(ts, "{\"query\":\"github\"}");
        int unknown = a.openToolCall(null, "not_declared");
        TurnResponse response = a.finish(StopReason.COMPLETED);
        assertGrammar();

        FunctionCall call = (FunctionCall) response.output().get(fn);
        assertEquals(new FunctionCall(call.id(), "call_f", "multi_agent_v1", "spawn_agent", "{\"task\":\"x\"}"), call);
        assertTrue(call.id().startsWith("fc_"));
        assertEquals(List.of("{\"task\":", "\"x\"}"), only(StreamEvent.FunctionArgumentsDelta.class).stream()
                .map(StreamEvent.FunctionArgumentsDelta::delta).toList());

        CustomToolCall applyPatch = (CustomToolCall) response.output().get(custom);
        assertEquals("apply_patch", applyPatch.name());
        assertEquals("*** Begin Patch\n", applyPatch.input(), "the freeform input, unwrapped from its JSON argument");
        assertTrue(applyPatch.id().startsWith("ctc_"));
        assertEquals("*** Begin Patch\n", String.join("", only(StreamEvent.CustomInputDelta.class).stream()
                .map(StreamEvent.CustomInputDelta::delta).toList()), "custom deltas stream the raw input");

        ToolSearchCall toolSearch = (ToolSearchCall) response.output().get(ts);
        assertEquals("call_s", toolSearch.callId());
        assertEquals("client", toolSearch.execution());
        assertEquals("github", toolSearch.arguments().path("query").asText());

        FunctionCall plain = (FunctionCall) response.output().get(unknown);
        assertEquals("not_declared", plain.name());
        assertNull(plain.namespace());
        assertEquals("{}", plain.arguments(), "no arguments streamed: an empty object");
        assertTrue(plain.callId().startsWith("call_"), "a missing call id is generated");
        assertTrue(response.hasToolCalls());
    }

    @Test
    void itemSkeletonsAreEmpty() {
        TurnStreamAssembler a = assembler();
        a.openToolCall("call_1", "f");
        a.openMessage();
        List<StreamEvent.ItemAdded> added = only(StreamEvent.ItemAdded.class);
        assertEquals("", ((FunctionCall) added.get(0).item()).arguments());
        assertTrue(((Message) added.get(1).item()).content().isEmpty());
    }

    @Test
    void reasoningSummaryPartsAndEncryptedContent() {
        TurnStreamAssembler a = assembler();
        int rs = a.openReasoning();
        a.nextReasoningSummaryPart(rs);
        a.appendReasoningSummary(rs, "one");
        a.nextReasoningSummaryPart(rs);
        a.appendReasoningSummary(rs, "two");
        a.setReasoningEncrypted(rs, "opaque");
        TurnResponse response = a.finish(StopReason.COMPLETED);
        assertGrammar();
        Reasoning reasoning = (Reasoning) response.output().get(0);
        assertEquals(List.of("one", "two"), reasoning.summary());
        assertEquals("opaque", reasoning.encryptedContent());
        assertEquals(List.of(), reasoning.content());
        assertEquals(2, only(StreamEvent.ReasoningSummaryPartAdded.class).size());
        assertEquals(List.of("one", "two"), only(StreamEvent.ReasoningSummaryPartDone.class).stream()
                .map(StreamEvent.ReasoningSummaryPartDone::text).toList(), "every part added is done");
        int lastPartDone = events.indexOf(only(StreamEvent.ReasoningSummaryPartDone.class).get(1));
        int itemDone = events.indexOf(only(StreamEvent.ItemDone.class).get(0));
        assertTrue(lastPartDone < itemDone, "the open part is done before its item");
    }

    @Test
    void usageIsWhatWasLastSetAndReachesTheTerminalResponse() {
        TurnStreamAssembler a = assembler();
        assertEquals(Usage.ZERO, a.usage());
        a.setUsage(new Usage(100, 0, 0, 0, 0));
        a.setUsage(new Usage(100, 80, 5, 20, 4));
        TurnResponse response = a.finish(StopReason.MAX_OUTPUT_TOKENS);
        assertEquals(new Usage(100, 80, 5, 20, 4), response.usage());
        assertEquals("incomplete", response.status());
        assertEquals(response, only(StreamEvent.Finished.class).get(0).response());
    }

    @Test
    void generatedIdsDifferPerItemAndPerTurn() {
        TurnStreamAssembler a = assembler();
        a.openMessage();
        a.openMessage();
        List<StreamEvent.ItemAdded> added = only(StreamEvent.ItemAdded.class);
        assertNotEquals(((Message) added.get(0).item()).id(), ((Message) added.get(1).item()).id());
        TurnStreamAssembler other = new TurnStreamAssembler(e -> { }, new ToolNameMap(ToolNameRules.OPENAI), "m");
        TurnStreamAssembler another = new TurnStreamAssembler(e -> { }, new ToolNameMap(ToolNameRules.OPENAI), "m");
        assertTrue(other.responseId().startsWith("resp_"));
        assertNotEquals(other.responseId(), another.responseId());
        assertFalse(a.isTerminated());
    }
}
