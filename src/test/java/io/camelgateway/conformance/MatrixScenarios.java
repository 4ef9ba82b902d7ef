package io.camelgateway.conformance;

import static io.camelgateway.conformance.CodexConformanceMatrixTest.Cell.count;
import static io.camelgateway.conformance.CodexConformanceMatrixTest.Cell.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.conformance.CodexConformanceMatrixTest.Cell;
import io.camelgateway.conformance.ConformanceUpstream.ToolResult;
import io.camelgateway.conformance.MatrixClient.Answer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/** The matrix's rows: each scenario scripts the upstream, sends what Codex sends and checks what Codex needs. */
final class MatrixScenarios {

    /** Signatures are base64-clean and start like OpenAI's encrypted content, so every provider's fake takes them. */
    static final String SIGNATURE = "gAAAAABmatrixSignatureOne0123456789";
    static final String FOREIGN_SIGNATURE = "gAAAAABmatrixForeignSignature98765";
    static final String REDACTED = "gAAAAABmatrixRedactedData424242";
    static final String PATCH = "*** Begin Patch\n*** Add File: docs/naïve-日本.md\n+héllo — wörld 🚀\n+\"quoted\" \\ back\n"
            + "*** End Patch\n";
    static final String AWKWARD_ARGS = "{\"cmd\":\"printf 'naïve café — 日本語 🚀 \\\"q\\\" \\\\\\\\ ✓'\","
            + "\"workdir\":\"/tmp/ünïcödé\",\"yield_time_ms\":1000}";

    record Scenario(String title, Body body) {
    }

    @FunctionalInterface
    interface Body {
        void run(Cell cell) throws Exception;
    }

    private MatrixScenarios() {
    }

    static List<Scenario> all() {
        return List.of(
                new Scenario("plain text", MatrixScenarios::plainText),
                new Scenario("one tool call", MatrixScenarios::oneToolCall),
                new Scenario("parallel tool calls", MatrixScenarios::parallelToolCalls),
                new Scenario("tool-call arguments split at byte and UTF-8 boundaries", MatrixScenarios::splitArguments),
                new Scenario("apply_patch returned as custom_tool_call", MatrixScenarios::applyPatch),
                new Scenario("namespace (MCP) tools and additional_tools", MatrixScenarios::namespaceTools),
                new Scenario("tool_search_call / tool_search_output history", MatrixScenarios::toolSearchHistory),
                new Scenario("tool result with an image", MatrixScenarios::imageToolResult),
                new Scenario("reasoning round trip across two turns", MatrixScenarios::reasoningRoundTrip),
                new Scenario("redacted reasoning round trip", MatrixScenarios::redactedReasoningRoundTrip),
                new Scenario("provider change between turns, reasoning on", MatrixScenarios::providerChange),
                new Scenario("compaction request (request_kind compaction, no tools)", MatrixScenarios::compaction),
                new Scenario("POST /v1/responses/compact", MatrixScenarios::remoteCompact),
                new Scenario("max-tokens stop → response.incomplete", MatrixScenarios::maxTokens),
                new Scenario("upstream 429", cell -> fault(cell, UpstreamFault.Kind.RATE_LIMITED)),
                new Scenario("upstream 5xx", cell -> fault(cell, UpstreamFault.Kind.SERVER_ERROR)),
                new Scenario("upstream overloaded", cell -> fault(cell, UpstreamFault.Kind.OVERLOADED)),
                new Scenario("stream cut midway → response.failed", MatrixScenarios::cutMidway),
                new Scenario("usage with cached and reasoning tokens", MatrixScenarios::usage));
    }

    static void plainText(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder().text("Hello from the matrix — ✓ 日本").end());
        Answer answer = cell.complete(cell.turn("Say hello"));
        assertEquals("Hello from the matrix — ✓ 日本", answer.text(), answer.toString());
        assertEquals(1, cell.upstream().requests().size());
    }

    static void oneToolCall(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder()
                .toolCall("call_m1", "exec_command", "{\"cmd\":\"ls -la\",\"yield_time_ms\":1000}").end());
        Answer answer = cell.complete(cell.turn("List the files"));
        List<JsonNode> calls = answer.items("function_call");
        assertEquals(1, calls.size(), answer.toString());
        assertCall(cell, calls.get(0), "call_m1", "exec_command", "{\"cmd\":\"ls -la\",\"yield_time_ms\":1000}");
        assertCallIdsUnique(answer);
    }

    static void parallelToolCalls(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder().text("Looking at three things.")
                .toolCall("call_p1", "exec_command", "{\"cmd\":\"ls\"}")
                .toolCall("call_p2", "view_image", "{\"path\":\"/tmp/a.png\"}")
                .toolCall("call_p3", "exec_command", "{\"cmd\":\"git status\"}").end());
        Answer answer = cell.complete(cell.turn("Look around"));
        List<JsonNode> calls = answer.items("function_call");
        assertEquals(3, calls.size(), answer.toString());
        assertCall(cell, calls.get(0), "call_p1", "exec_command", "{\"cmd\":\"ls\"}");
        assertCall(cell, calls.get(1), "call_p2", "view_image", "{\"path\":\"/tmp/a.png\"}");
        assertCall(cell, calls.get(2), "call_p3", "exec_command", "{\"cmd\":\"git status\"}");
        assertCallIdsUnique(answer);
        if (!cell.upstream().keepsCallIds()) {
            // the gateway's ids alone tell the two exec_command calls apart: results sent back out of order must
            // still reach the upstream each as the response of its own call
            cell.upstream().enqueue(ScriptedTurn.builder().text("Three things seen.").end());
            ObjectNode next = cell.turn("Look around");
            input(next).addAll(MatrixClient.replay(answer));
            input(next).add(CodexRequests.functionCallOutput(calls.get(2).path("call_id").asText(), "clean"));
            input(next).add(CodexRequests.functionCallOutput(calls.get(0).path("call_id").asText(), "a.png b.txt"));
            input(next).add(CodexRequests.functionCallOutput(calls.get(1).path("call_id").asText(), "no image"));
            assertEquals("Three things seen.", cell.complete(next).text());
            assertResultsReachUpstream(cell, 1, new ToolResult("exec_command", "a.png b.txt"),
                    new ToolResult("view_image", "no image"), new ToolResult("exec_command", "clean"));
        }
    }

    static void splitArguments(Cell cell) throws Exception {
        cell.upstream().sliceStreams(5);
        cell.upstream().enqueue(ScriptedTurn.builder().text("Ünïcödé — 日本語 🚀 ahead.")
                .toolCall("call_u1", "exec_command", AWKWARD_ARGS).end());
        Answer answer = cell.complete(cell.turn("Print something awkward"));
        assertEquals("Ünïcödé — 日本語 🚀 ahead.", answer.text(), answer.toString());
        List<JsonNode> calls = answer.items("function_call");
        assertEquals(1, calls.size(), answer.toString());
        assertCall(cell, calls.get(0), "call_u1", "exec_command", AWKWARD_ARGS);
        assertCallIdsUnique(answer);
    }

    static void applyPatch(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder().customToolCall("call_patch_1", "apply_patch", PATCH).end());
        Answer answer = cell.complete(cell.turn("Create the file"));
        List<JsonNode> calls = answer.items("custom_tool_call");
        assertEquals(1, calls.size(), answer.toString());
        assertCallId(cell, calls.get(0), "call_patch_1");
        assertCallIdsUnique(answer);
        assertEquals("apply_patch", calls.get(0).path("name").asText());
        assertEquals(PATCH, calls.get(0).path("input").asText());
        Cell.assertNoFunctionCallFor(answer, "apply_patch");

        // and the next turn sends the call and its output back: a valid request, the patch intact
        cell.upstream().enqueue(ScriptedTurn.builder().text("Created.").end());
        ObjectNode next = cell.turn("Create the file");
        input(next).addAll(MatrixClient.replay(answer));
        input(next).add(CodexRequests.customToolCallOutput(calls.get(0).path("call_id").asText(),
                "Success. Updated the following files:\nA x"));
        assertEquals("Created.", cell.complete(next).text());
        assertEquals(1, count(cell.upstreamRequest(1), "*** Add File: docs/na"),
                "the patch goes back upstream once: " + cell.upstreamRequest(1));
        assertResultsReachUpstream(cell, 1, new ToolResult("apply_patch", "Success. Updated the following files:"));
    }

    static void namespaceTools(Cell cell) throws Exception {
        ObjectNode body = cell.turn("List my pull requests");
        ((ArrayNode) body.get("tools")).add(CodexRequests.multiAgentNamespace());
        ObjectNode additional = CodexRequests.JSON.createObjectNode().put("type", "additional_tools")
                .put("role", "developer");
        additional.putArray("tools").add(CodexRequests.githubNamespace());
        input(body).insert(2, additional);
        cell.upstream().enqueue(ScriptedTurn.builder()
                .toolCall("call_ns1", "github/list_prs", "{\"repo\":\"camel\",\"filter\":{\"state\":\"open\"}}").end());
        Answer answer = cell.complete(body);
        List<JsonNode> calls = answer.items("function_call");
        assertEquals(1, calls.size(), answer.toString());
        assertCall(cell, calls.get(0), "call_ns1", "list_prs", "{\"repo\":\"camel\",\"filter\":{\"state\":\"open\"}}");
        assertEquals("github", calls.get(0).path("namespace").asText(), answer.toString());
        assertCallIdsUnique(answer);
        String sent = cell.upstreamRequest(0);
        assertTrue(sent.contains("list_prs") && sent.contains("spawn_agent") && sent.contains("labels"),
                "the namespaced tools and their nested schemas reach the upstream: " + sent);
    }

    static void toolSearchHistory(Cell cell) throws Exception {
        ObjectNode body = cell.turn("Find the github tools and list my pull requests");
        input(body).add(CodexRequests.parse("""
                {"type":"tool_search_call","id":"tsc_matrix_1","call_id":"ts_1","status":"completed",
                 "execution":"client","arguments":{"query":"github pull requests","limit":3}}"""));
        ObjectNode found = (ObjectNode) CodexRequests.parse("""
                {"type":"tool_search_output","call_id":"ts_1","status":"completed","execution":"client"}""");
        found.putArray("tools").add(CodexRequests.githubNamespace());
        input(body).add(found);
        cell.upstream().enqueue(ScriptedTurn.builder().toolCall("call_ts2", "github/get_pr", "{\"number\":42}").end());
        Answer answer = cell.complete(body);
        List<JsonNode> calls = answer.items("function_call");
        assertEquals(1, calls.size(), answer.toString());
        assertCall(cell, calls.get(0), "call_ts2", "get_pr", "{\"number\":42}");
        assertEquals("github", calls.get(0).path("namespace").asText(), answer.toString());
        assertCallIdsUnique(answer);
    }

    static void imageToolResult(Cell cell) throws Exception {
        ObjectNode body = CodexRequests.capture("view-image-turn2-request-body.json");
        body.put("model", cell.upstream().model()).put("stream", cell.stream());
        String image = body.get("input").get(body.get("input").size() - 1).path("output").path(0).path("image_url")
                .asText();
        String data = image.substring(image.indexOf(',') + 1);
        cell.upstream().enqueue(ScriptedTurn.builder().text("It is a single pixel.").end());
        Answer answer = cell.complete(body);
        assertEquals("It is a single pixel.", answer.text());
        assertEquals(1, count(cell.upstreamRequest(0), data.substring(0, 40)),
                "the image goes upstream once: " + cell.upstreamRequest(0));
    }

    static void reasoningRoundTrip(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder().reasoning("Listing first.", SIGNATURE)
                .toolCall("call_r1", "exec_command", "{\"cmd\":\"ls\"}").end());
        Answer first = cell.complete(cell.turn("What is here?"));
        List<JsonNode> reasoning = first.items("reasoning");
        assertEquals(1, reasoning.size(), first.toString());
        if (cell.upstream().signsReasoning()) {
            assertFalse(reasoning.get(0).path("encrypted_content").asText("").isEmpty(), first.toString());
        }
        cell.upstream().enqueue(ScriptedTurn.builder().text("One file.").end());
        ObjectNode second = cell.turn("What is here?");
        input(second).addAll(MatrixClient.replay(first));
        input(second).add(CodexRequests.functionCallOutput(callIdToAnswer(cell, first, "call_r1"), "a.txt\n"));
        assertEquals("One file.", cell.complete(second).text());
        assertResultsReachUpstream(cell, 1, new ToolResult("exec_command", "a.txt"));
        assertEquals(cell.upstream().signsReasoning() ? 1 : 0, count(cell.upstreamRequest(1), SIGNATURE),
                "the signature goes back exactly once where due: " + cell.upstreamRequest(1));
    }

    static void redactedReasoningRoundTrip(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder().redactedReasoning(REDACTED)
                .toolCall("call_rd1", "exec_command", "{\"cmd\":\"pwd\"}").end());
        Answer first = cell.complete(cell.turn("Where am I?"));
        assertEquals(1, first.items("function_call").size(), first.toString());
        cell.upstream().enqueue(ScriptedTurn.builder().text("In /tmp.").end());
        ObjectNode second = cell.turn("Where am I?");
        input(second).addAll(MatrixClient.replay(first));
        input(second).add(CodexRequests.functionCallOutput(callIdToAnswer(cell, first, "call_rd1"), "/tmp\n"));
        assertEquals("In /tmp.", cell.complete(second).text());
        assertResultsReachUpstream(cell, 1, new ToolResult("exec_command", "/tmp"));
        assertEquals(cell.upstream().signsReasoning() ? 1 : 0, count(cell.upstreamRequest(1), REDACTED),
                "redacted reasoning goes back exactly once where due: " + cell.upstreamRequest(1));
    }

    /** Turn 1 on another provider (reasoning and a tool call), turn 2 here: its reasoning must not reach us. */
    static void providerChange(Cell cell) throws Exception {
        ConformanceUpstream other = cell.other();
        other.enqueue(ScriptedTurn.builder().reasoning("Elsewhere first.", FOREIGN_SIGNATURE)
                .toolCall("call_sw1", "exec_command", "{\"cmd\":\"ls\"}").end());
        ObjectNode firstBody = CodexRequests.turn(other.model(), cell.stream(), "What is here?");
        Answer first = cell.complete(firstBody);
        assertTrue(other.rejections().isEmpty(), other.rejections().toString());
        cell.upstream().enqueue(ScriptedTurn.builder().reasoning("Now here.", SIGNATURE).text("One file.").end());
        ObjectNode second = cell.turn("What is here?");
        input(second).addAll(MatrixClient.replay(first));
        input(second).add(CodexRequests.functionCallOutput("call_sw1", "a.txt\n"));
        assertEquals("One file.", cell.complete(second).text());
        assertEquals(0, count(cell.upstreamRequest(0), FOREIGN_SIGNATURE),
                "foreign reasoning is dropped: " + cell.upstreamRequest(0));
    }

    static void compaction(Cell cell) throws Exception {
        ObjectNode body = CodexRequests.capture("turn2-request-body.json");
        body.put("model", cell.upstream().model()).put("stream", cell.stream()).put("parallel_tool_calls", false);
        body.putArray("tools");
        input(body).add(CodexRequests.userMessage("You are performing a CONTEXT CHECKPOINT COMPACTION. Create a "
                + "handoff summary for another LLM that will resume the task."));
        cell.upstream().enqueue(ScriptedTurn.builder().text("Summary: ran echo hello, it printed hello.").end());
        Answer answer = cell.client().send("/v1/responses", body,
                Map.of("x-codex-turn-metadata", CodexRequests.turnMetadata("compaction")));
        assertEquals(200, answer.status(), answer.toString());
        if (cell.stream()) {
            StreamChecks.check(answer);
        }
        assertEquals("Summary: ran echo hello, it printed hello.", answer.text(), answer.toString());
        assertTrue(answer.items("function_call").isEmpty(), answer.toString());
        JsonNode sent = cell.upstream().requests().get(0);
        assertTrue(noToolsOffered(sent), "no tool is offered for a compaction: " + sent);
    }

    /** No tools, or only tools the model may not call (declared so the history's calls stay valid). */
    private static boolean noToolsOffered(JsonNode request) {
        if (request.path("tools").isEmpty()) {
            return true;
        }
        JsonNode choice = request.path("tool_choice");
        return "none".equals(choice.asText()) || "none".equals(choice.path("type").asText())
                || "NONE".equals(request.path("toolConfig").path("functionCallingConfig").path("mode").asText());
    }

    static void remoteCompact(Cell cell) throws Exception {
        ObjectNode body = CodexRequests.capture("turn2-request-body.json");
        body.put("model", cell.upstream().model());
        body.remove("stream");
        body.remove("include");
        body.remove("store");
        body.remove("tool_choice");
        body.remove("prompt_cache_key");
        body.remove("client_metadata");
        cell.upstream().enqueue(ScriptedTurn.builder().text("Summary: ran echo hello, it printed hello.").end());
        Answer answer = cell.client().send("/v1/responses/compact", body, Map.of());
        assertEquals(200, answer.status(), answer.toString());
        JsonNode output = answer.body().path("output");
        assertTrue(output.isArray() && !output.isEmpty(), answer.toString());
        String sent = cell.upstreamRequest(0);
        assertFalse(sent.contains("\"stream\":true"), sent);
        if (cell.upstream().name().equals("openai")) {
            // relayed: OpenAI's own compacted history, its opaque compaction item included
            assertEquals("compaction", output.get(output.size() - 1).path("type").asText(), answer.toString());
        } else {
            // compacted by one summarising turn: the summary replaces the conversation, as Codex's local compaction
            JsonNode summary = output.get(output.size() - 1);
            assertEquals("user", summary.path("role").asText(), answer.toString());
            assertTrue(summary.path("content").path(0).path("text").asText()
                    .endsWith("Summary: ran echo hello, it printed hello."), answer.toString());
            assertTrue(noToolsOffered(cell.upstream().requests().get(0)), "no tools for a summary: " + sent);
        }
    }

    static void maxTokens(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder().text("A long answer that stops").cutByMaxTokens());
        Answer answer = cell.send(cell.turn("Write a lot"));
        assertEquals(200, answer.status(), answer.toString());
        if (cell.stream()) {
            StreamChecks.check(answer);
            assertEquals("response.incomplete", answer.terminal(), answer.toString());
        }
        assertEquals("incomplete", answer.body().path("status").asText(), answer.toString());
        assertEquals("max_output_tokens", answer.body().path("incomplete_details").path("reason").asText(),
                answer.toString());
        assertEquals("A long answer that stops", answer.text());
    }

    static void fault(Cell cell, UpstreamFault.Kind kind) throws Exception {
        cell.upstream().enqueue(new UpstreamFault(kind, kind == UpstreamFault.Kind.SERVER_ERROR ? 0 : 7));
        Answer answer = cell.send(cell.turn("Hello?"));
        int expected = switch (kind) {
            case RATE_LIMITED -> 429;
            case OVERLOADED -> 503;
            default -> 502;
        };
        assertEquals(expected, answer.status(), answer.toString());
        JsonNode error = answer.body().path("error");
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), answer.toString());
        assertEquals(kind == UpstreamFault.Kind.RATE_LIMITED ? "rate_limit_error" : "server_error",
                error.path("type").asText(), answer.toString());
        assertEquals(switch (kind) {
            case RATE_LIMITED -> "rate_limit_exceeded";
            case OVERLOADED -> "provider_overloaded";
            default -> "upstream_error";
        }, error.path("code").asText(), answer.toString());
        if (kind != UpstreamFault.Kind.SERVER_ERROR && cell.upstream().statesRetryDelay()) {
            assertEquals("7", answer.header("retry-after"), "the provider's retry delay reaches Codex");
        } else if (kind != UpstreamFault.Kind.SERVER_ERROR) {
            String retryAfter = answer.header("retry-after");
            assertTrue(retryAfter != null && retryAfter.matches("[1-9][0-9]*"),
                    "a delay the provider does not state is chosen by the gateway, else Codex never retries a 429: "
                            + retryAfter);
        }
        assertFalse(answer.raw().contains("Exception") || answer.raw().contains("\tat "), answer.toString());
        assertEquals(1, cell.upstream().requests().size(), "no retry with gateway.retry.max-retries 0");
    }

    static void cutMidway(Cell cell) throws Exception {
        cell.upstream().enqueue(UpstreamFault.of(UpstreamFault.Kind.CUT_MIDWAY));
        Answer answer = cell.send(cell.turn("Hello?"));
        if (cell.stream()) {
            assertEquals(200, answer.status(), answer.toString());
            StreamChecks.check(answer);
            assertEquals("response.failed", answer.terminal(), answer.toString());
            assertFalse(answer.body().path("error").path("code").asText().isBlank(), answer.toString());
            assertTrue(answer.items("function_call").isEmpty(), "no half call reaches Codex: " + answer);
        } else {
            assertEquals(502, answer.status(), answer.toString());
            assertEquals("server_error", answer.body().path("error").path("type").asText(), answer.toString());
        }
    }

    static void usage(Cell cell) throws Exception {
        cell.upstream().enqueue(ScriptedTurn.builder().reasoning("Counting.", SIGNATURE).text("Counted.")
                .usage(1200, 1000, 300, 120).end());
        Answer answer = cell.complete(cell.turn("Count"));
        JsonNode usage = answer.usage();
        assertEquals(1200, usage.path("input_tokens").asInt(), answer.toString());
        assertEquals(1000, usage.path("input_tokens_details").path("cached_tokens").asInt(), answer.toString());
        assertEquals(300, usage.path("output_tokens").asInt(), answer.toString());
        assertEquals(1500, usage.path("total_tokens").asInt(), answer.toString());
        if (cell.upstream().reportsReasoningTokens()) {
            assertEquals(120, usage.path("output_tokens_details").path("reasoning_tokens").asInt(), answer.toString());
        }
    }

    private static void assertCall(Cell cell, JsonNode call, String callId, String name, String argumentsJson)
            throws Exception {
        assertCallId(cell, call, callId);
        assertEquals(name, call.path("name").asText(), call.toString());
        assertNotNull(call.get("arguments"), call.toString());
        assertEquals(CodexRequests.JSON.readTree(argumentsJson), CodexRequests.JSON.readTree(call.path("arguments")
                .asText()), call.toString());
    }

    /** The scripted id where the provider's ids reach the client; else any id the gateway made. */
    private static void assertCallId(Cell cell, JsonNode call, String scriptedId) {
        if (cell.upstream().keepsCallIds()) {
            assertEquals(scriptedId, call.path("call_id").asText(), call.toString());
        } else {
            assertFalse(call.path("call_id").asText("").isBlank(), "the gateway gives every call an id: " + call);
        }
    }

    /** Every call of the answer has its own id, so Codex can answer each. */
    private static void assertCallIdsUnique(Answer answer) {
        List<String> ids = new ArrayList<>();
        answer.items("function_call").forEach(call -> ids.add(call.path("call_id").asText("")));
        answer.items("custom_tool_call").forEach(call -> ids.add(call.path("call_id").asText("")));
        assertFalse(ids.contains(""), answer.toString());
        assertEquals(ids.size(), new HashSet<>(ids).size(), "call ids are unique: " + ids);
    }

    /** The id Codex answers the first call with: the scripted one, or the gateway's where the provider has none. */
    private static String callIdToAnswer(Cell cell, Answer answer, String scriptedId) {
        if (cell.upstream().keepsCallIds()) {
            return scriptedId;
        }
        List<JsonNode> calls = answer.items("function_call");
        assertFalse(calls.isEmpty(), answer.toString());
        assertCallId(cell, calls.get(0), scriptedId);
        return calls.get(0).path("call_id").asText();
    }

    /**
     * Where the upstream has no call ids, the results the client sent (by the gateway's ids) reach the upstream's
     * {@code n}th request each as the response of its own call, in the calls' order; {@code expected} contents are
     * fragments of the result. Upstreams that keep ids are checked by their own fakes' id matching.
     */
    private static void assertResultsReachUpstream(Cell cell, int n, ToolResult... expected) {
        if (cell.upstream().keepsCallIds()) {
            return;
        }
        List<ToolResult> sent = cell.upstream().toolResults(cell.upstream().requests().get(n));
        assertEquals(expected.length, sent.size(), "one result per call: " + sent);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].name(), sent.get(i).name(), "result " + i + " of " + sent);
            assertTrue(sent.get(i).content().contains(expected[i].content()),
                    "result " + i + " answers its own call with " + expected[i].content() + ": " + sent);
        }
    }
}
