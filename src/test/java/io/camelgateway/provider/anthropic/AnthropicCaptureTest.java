package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.canonical.ToolNameMap;
import io.camelgateway.canonical.ToolNameRules;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.fakes.AnthropicRequestValidator;
import io.camelgateway.provider.TurnContext;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Codex request bodies, mapped for Anthropic, must be bodies the real API accepts. */
class AnthropicCaptureTest {

    static TurnContext context(String capture) {
        TurnRequest request = decode(capture);
        return new TurnContext(request, Fixtures.target(Map.of()), ToolNameMap.forRequest(request, ToolNameRules.ANTHROPIC));
    }

    /** A real Codex request body, decoded by the gateway's own Responses codec. */
    static TurnRequest decode(String capture) {
        try (InputStream in = AnthropicCaptureTest.class.getResourceAsStream("/codex-captures/" + capture)) {
            return new ResponsesApiCodec().decode((ObjectNode) Fixtures.JSON.readTree(in));
        } catch (Exception e) {
            throw new IllegalStateException(capture, e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"turn1-request-body.json", "turn2-request-body.json", "apply-patch-turn1-request-body.json",
            "apply-patch-turn2-request-body.json", "view-image-turn2-request-body.json"})
    void captureMapsToAValidAnthropicRequest(String capture) {
        TurnContext context = context(capture);
        JsonNode body = new AnthropicRequestMapper().body(context);
        assertNull(AnthropicRequestValidator.validate(body), () -> capture + ": " + body.toString().substring(0, 500));
        assertEquals("user", body.path("messages").get(0).path("role").asText());
        assertTrue(body.path("system").size() >= 2, "Codex's developer messages are the system prompt");
        assertTrue(body.path("system").get(0).path("text").asText().startsWith("You are"));
        assertEquals(List.of("web_search"), context.droppedTools());
        List<String> names = new ArrayList<>();
        body.path("tools").forEach(t -> names.add(t.path("name").asText()));
        assertTrue(names.contains("exec_command"), names.toString());
        assertFalse(body.toString().contains("gAAAAAB"), "OpenAI reasoning never goes to Anthropic");
        // only apply-patch turn 1 asks for effort with no pending tool call; in the turn-2 captures the pending call
        // was made without Anthropic thinking, and the unknown-model turn 1 sends no effort
        boolean thinkingExpected = capture.equals("apply-patch-turn1-request-body.json");
        assertEquals(thinkingExpected, body.has("thinking"), capture);
    }
}
