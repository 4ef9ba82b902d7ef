package io.camelgateway.api.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.CustomToolCall;
import io.camelgateway.canonical.FunctionCall;
import io.camelgateway.canonical.Message;
import io.camelgateway.canonical.Reasoning;
import io.camelgateway.canonical.StopReason;
import io.camelgateway.canonical.ToolKind;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.ToolRef;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.canonical.TurnResponse;
import io.camelgateway.canonical.TurnStreamAssembler;
import io.camelgateway.canonical.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatEncodersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ToolNameMap tools() {
        ToolNameMap map = new ToolNameMap(ToolNameRules.OPENAI);
        map.register(new ToolRef(ToolKind.CUSTOM, null, "apply_patch"));
        return map;
    }

    /** Drives an assembler by hand: reasoning, text, a function call, a custom call, usage. */
    private static List<String> stream(boolean includeUsage) {
        ChatStreamEncoder encoder = new ChatStreamEncoder("gw-model", includeUsage);
        List<String> frames = new ArrayList<>();
        TurnStreamAssembler a = new TurnStreamAssembler(e -> frames.addAll(encoder.encode(e)), tools(), "x");
        int reasoning = a.openReasoning();
        a.appendReasoningSummary(reasoning, "Think");
        a.appendReasoningSummary(reasoning, "ing.");
        a.closeItem(reasoning);
        a.keepAlive();
        int text = a.openMessage();
        a.appendText(text, "I will ");
        a.appendText(text, "edit.");
        a.closeItem(text);
        int call = a.openToolCall("call_f", "exec_command");
        a.appendToolArguments(call, "{\"cmd\":");
        a.appendToolArguments(call, "\"ls\"}");
        int patch = a.openToolCall("call_p", "apply_patch");
        a.appendToolArguments(patch, "{\"input\":\"*** Begin Patch\\n\"}");
        a.setUsage(new Usage(10, 4, 0, 7, 3));
        a.finish(StopReason.COMPLETED);
        return frames;
    }

    @Test
    void streamedChunksRebuildTheExactMessageAndToolCalls() throws Exception {
        List<String> frames = stream(true);
        assertEquals("data: [DONE]\n\n", frames.get(frames.size() - 1));
        assertTrue(frames.contains(": keep-alive\n\n"));
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        Map<Integer, ObjectNode> calls = new LinkedHashMap<>();
        String finishReason = null;
        JsonNode usage = null;
        String id = null;
        for (String frame : frames) {
            if (frame.startsWith(":") || frame.equals("data: [DONE]\n\n")) {
                continue;
            }
            assertTrue(frame.startsWith("data: ") && frame.endsWith("\n\n"), frame);
            JsonNode chunk = JSON.readTree(frame.substring(6));
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals("gw-model", chunk.get("model").asText());
            id = id == null ? chunk.get("id").asText() : id;
            assertEquals(id, chunk.get("id").asText());
            if (chunk.get("choices").isEmpty()) {
                usage = chunk.get("usage");
                continue;
            }
            JsonNode choice = chunk.get("choices").get(0);
            JsonNode delta = choice.get("delta");
            content.append(delta.path("content").asText(""));
            reasoning.append(delta.path("reasoning_content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
                ObjectNode acc = calls.computeIfAbsent(call.get("index").asInt(), k -> JSON.createObjectNode()
                        .put("arguments", ""));
                if (call.has("id")) {
                    acc.put("id", call.get("id").asText()).put("name", call.at("/function/name").asText());
                }
                acc.put("arguments", acc.get("arguments").asText() + call.at("/function/arguments").asText());
            }
            if (!choice.get("finish_reason").isNull()) {
                finishReason = choice.get("finish_reason").asText();
            }
        }
        assertTrue(id.startsWith("chatcmpl-"));
        assertEquals("I will edit.", content.toString());
        assertEquals("Thinking.", reasoning.toString());
        assertEquals(List.of(0, 1), new ArrayList<>(calls.keySet()));
        assertEquals("call_f", calls.get(0).get("id").asText());
        assertEquals("exec_command", calls.get(0).get("name").asText());
        assertEquals("{\"cmd\":\"ls\"}", calls.get(0).get("arguments").asText());
        assertEquals("apply_patch", calls.get(1).get("name").asText());
        assertEquals("*** Begin Patch\n", JSON.readTree(calls.get(1).get("arguments").asText()).get("input").asText());
        assertEquals("tool_calls", finishReason);
        assertEquals(10, usage.get("prompt_tokens").asInt());
        assertEquals(17, usage.get("total_tokens").asInt());
        assertEquals(4, usage.at("/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(3, usage.at("/completion_tokens_details/reasoning_tokens").asInt());
    }

    @Test
    void noUsageChunkUnlessAsked() {
        assertTrue(stream(false).stream().noneMatch(f -> f.contains("\"choices\":[]")));
    }

    @Test
    void failureEmitsErrorChunkThenDone() throws Exception {
        ChatStreamEncoder encoder = new ChatStreamEncoder("m", true);
        List<String> frames = new ArrayList<>();
        TurnStreamAssembler a = new TurnStreamAssembler(e -> frames.addAll(encoder.encode(e)), tools(), "x");
        a.appendText(a.openMessage(), "partial");
        a.fail(new TurnError(503, "server_error", "provider_overloaded", "busy", null, null));
        JsonNode error = JSON.readTree(frames.get(frames.size() - 2).substring(6)).get("error");
        assertEquals("busy", error.get("message").asText());
        assertEquals("server_error", error.get("type").asText());
        assertEquals("provider_overloaded", error.get("code").asText());
        assertEquals("data: [DONE]\n\n", frames.get(frames.size() - 1));
    }

    @Test
    void nonStreamedResponseRendersCustomAndNamespacedCallsAsFunctions() {
        TurnResponse response = new TurnResponse("resp_abc", "x", 1700000000L, List.of(
                new Reasoning("rs", List.of("Plan"), List.of(), null),
                new FunctionCall("fc", "call_1", "mcp_fs", "read", "{\"p\":1}"),
                new CustomToolCall("ctc", "call_2", "apply_patch", "*** Begin Patch")),
                new Usage(5, 1, 0, 2, 1), StopReason.COMPLETED, null);
        ObjectNode body = new ChatResponseEncoder().encode(response, "gw");
        assertEquals("chatcmpl-abc", body.get("id").asText());
        assertEquals("chat.completion", body.get("object").asText());
        JsonNode message = body.at("/choices/0/message");
        assertTrue(message.get("content").isNull());
        assertEquals("Plan", message.get("reasoning_content").asText());
        assertEquals("read", message.at("/tool_calls/0/function/name").asText());
        assertEquals("{\"input\":\"*** Begin Patch\"}", message.at("/tool_calls/1/function/arguments").asText());
        assertEquals("tool_calls", body.at("/choices/0/finish_reason").asText());
        assertEquals(7, body.at("/usage/total_tokens").asInt());
    }

    @Test
    void nonStreamedFinishReasons() {
        assertEquals("length", finish(StopReason.MAX_OUTPUT_TOKENS));
        assertEquals("content_filter", finish(StopReason.CONTENT_FILTER));
        assertEquals("stop", finish(StopReason.COMPLETED));
    }

    private static String finish(StopReason reason) {
        TurnResponse response = new TurnResponse("resp_1", "x", 1L, List.of(Message.text(
                io.camelgateway.canonical.Role.ASSISTANT, "hi")), Usage.ZERO, reason, null);
        ObjectNode body = new ChatResponseEncoder().encode(response, "gw");
        assertEquals("hi", body.at("/choices/0/message/content").asText());
        return body.at("/choices/0/finish_reason").asText();
    }
}
