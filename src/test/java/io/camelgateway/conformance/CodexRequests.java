package io.camelgateway.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Codex-shaped {@code /v1/responses} bodies, made from what Codex CLI 0.169 really sent (src/test/resources/
 * codex-captures): its base prompt and tools (function tools, the {@code apply_patch} custom tool with its Lark
 * grammar, {@code tool_search}, {@code web_search}), {@code store:false}, {@code include:
 * ["reasoning.encrypted_content"]}, {@code reasoning}, {@code client_metadata} and item ids.
 */
final class CodexRequests {

    static final ObjectMapper JSON = new ObjectMapper();

    private CodexRequests() {
    }

    static ObjectNode capture(String name) {
        try (InputStream in = CodexRequests.class.getResourceAsStream("/codex-captures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing capture " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first request of an apply_patch session, for {@code model}, streamed or not, ending in {@code prompt}. */
    static ObjectNode turn(String model, boolean stream, String prompt) {
        ObjectNode body = capture("apply-patch-turn1-request-body.json");
        body.put("model", model).put("stream", stream);
        ArrayNode input = (ArrayNode) body.get("input");
        ((ObjectNode) input.get(input.size() - 1).get("content").get(0)).put("text", prompt);
        return body;
    }

    /** Codex's {@code multi_agent_v1} namespace tool, as it offers it for a model it does not know. */
    static JsonNode multiAgentNamespace() {
        for (JsonNode tool : capture("turn1-request-body.json").get("tools")) {
            if ("namespace".equals(tool.path("type").asText())) {
                return tool;
            }
        }
        throw new IllegalStateException("turn1 capture has no namespace tool");
    }

    /** An MCP server's tools as Codex hoists them: a namespace of function tools with nested schemas. */
    static ObjectNode githubNamespace() {
        return (ObjectNode) parse("""
                {"type":"namespace","name":"github","description":"Tools of the github MCP server.","tools":[
                 {"type":"function","name":"list_prs","description":"List pull requests.","strict":false,
                  "parameters":{"type":"object","properties":{"repo":{"type":"string"},
                   "filter":{"type":"object","properties":{"state":{"type":"string","enum":["open","closed"]},
                    "labels":{"type":"array","items":{"type":"string"}}},"additionalProperties":false}},
                   "required":["repo"],"additionalProperties":false}},
                 {"type":"function","name":"get_pr","description":"One pull request.","strict":false,
                  "parameters":{"type":"object","properties":{"number":{"type":"integer"}},"required":["number"]}}]}""");
    }

    static ObjectNode userMessage(String text) {
        ObjectNode message = JSON.createObjectNode().put("type", "message").put("role", "user");
        message.putArray("content").addObject().put("type", "input_text").put("text", text);
        return message;
    }

    static ObjectNode functionCallOutput(String callId, String output) {
        return JSON.createObjectNode().put("type", "function_call_output").put("call_id", callId).put("output", output);
    }

    static ObjectNode customToolCallOutput(String callId, String output) {
        return JSON.createObjectNode().put("type", "custom_tool_call_output").put("call_id", callId)
                .put("output", output);
    }

    /** The turn-metadata header Codex sends; {@code kind} is {@code turn} or {@code compaction}. */
    static String turnMetadata(String kind) {
        return JSON.createObjectNode().put("installation_id", "matrix").put("session_id", "matrix-session")
                .put("thread_id", "matrix-thread").put("turn_id", "matrix-turn").put("request_kind", kind)
                .put("turn_trigger", "exec").toString();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
