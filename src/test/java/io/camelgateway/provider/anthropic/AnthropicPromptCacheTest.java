package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.AnthropicRequestValidator;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the gateway puts {@code cache_control} on a Messages body (tools → system → messages). */
class AnthropicPromptCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** About 1500 tokens at four characters a token: one such block passes Sonnet's minimum of 1024. */
    private static final String LONG = "x".repeat(6000);

    private static ObjectNode body(String model) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", 100);
        ArrayNode tools = body.putArray("tools");
        tools.addObject().put("name", "a").put("description", "short").putObject("input_schema").put("type", "object");
        tools.addObject().put("name", "b").put("description", LONG).putObject("input_schema").put("type", "object");
        body.putArray("system").addObject().put("type", "text").put("text", "You are Codex. " + LONG);
        body.putArray("messages");
        return body;
    }

    private static ObjectNode message(ObjectNode body, String role) {
        ObjectNode message = ((ArrayNode) body.get("messages")).addObject().put("role", role);
        message.putArray("content");
        return message;
    }

    private static ObjectNode text(ObjectNode message, String text) {
        return ((ArrayNode) message.get("content")).addObject().put("type", "text").put("text", text);
    }

    /** The places marked, as paths like {@code tools.1} or {@code messages.0.content.1}. */
    private static List<String> marks(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < body.path("tools").size(); i++) {
            if (body.path("tools").get(i).has("cache_control")) {
                out.add("tools." + i);
            }
        }
        for (int i = 0; i < body.path("system").size(); i++) {
            if (body.path("system").get(i).has("cache_control")) {
                out.add("system." + i);
            }
        }
        JsonNode messages = body.path("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            for (int j = 0; j < content.size(); j++) {
                if (content.get(j).has("cache_control")) {
                    out.add("messages." + i + ".content." + j);
                }
            }
        }
        return out;
    }

    private static void assertValid(JsonNode body) {
        assertNull(AnthropicRequestValidator.validate(body), body::toString);
        assertNull(io.camelgateway.fakes.AnthropicPromptCacheModel.invalid(body), body::toString);
    }

    @Test
    void firstTurnMarksTheToolsTheSystemPromptAndTheNewestMessage() {
        ObjectNode body = body("claude-sonnet-4-5");
        text(message(body, "user"), "hello");
        AnthropicPromptCache.apply(body, PromptCachePolicy.AUTO);
        assertEquals(List.of("tools.1", "system.0", "messages.0.content.0"), marks(body));
        assertEquals("{\"type\":\"ephemeral\"}", body.at("/tools/1/cache_control").toString());
        assertValid(body);
    }

    @Test
    void aLaterTurnAlsoMarksTheEndOfThePreviousRequestWhichTheLastTurnWrote() {
        ObjectNode body = body("claude-sonnet-4-5");
        ObjectNode user = message(body, "user");
        text(user, "hello");
        text(user, "run ls");
        ObjectNode assistant = message(body, "assistant");
        ((ArrayNode) assistant.get("content")).addObject().put("type", "thinking").put("thinking", "hm")
                .put("signature", "s");
        ((ArrayNode) assistant.get("content")).addObject().put("type", "tool_use").put("id", "t1").put("name", "a")
                .putObject("input");
        ObjectNode result = message(body, "user");
        ((ArrayNode) result.get("content")).addObject().put("type", "tool_result").put("tool_use_id", "t1")
                .put("content", "ok");
        AnthropicPromptCache.apply(body, PromptCachePolicy.AUTO);
        assertEquals(List.of("tools.1", "system.0", "messages.0.content.1", "messages.2.content.0"), marks(body));
        assertValid(body);
    }

    @Test
    void clientBreakpointsAreKeptAndCountedAgainstTheLimitOfFour() {
        ObjectNode body = body("claude-sonnet-4-5");
        ObjectNode user = message(body, "user");
        text(user, "one").putObject("cache_control").put("type", "ephemeral");
        text(user, "two").putObject("cache_control").put("type", "ephemeral");
        text(user, "three").putObject("cache_control").put("type", "ephemeral");
        text(user, "four");
        AnthropicPromptCache.apply(body, PromptCachePolicy.AUTO);
        // three of the client's, and the newest message, the most valuable of the gateway's
        assertEquals(List.of("messages.0.content.0", "messages.0.content.1", "messages.0.content.2",
                "messages.0.content.3"), marks(body));
        assertValid(body);

        text(user, "five");
        AnthropicPromptCache.apply(body, PromptCachePolicy.AUTO);
        assertEquals(4, marks(body).size(), "no fifth breakpoint");
    }

    @Test
    void aPrefixBelowTheModelsMinimumGetsNoBreakpoint() {
        ObjectNode body = JSON.createObjectNode().put("model", "claude-sonnet-4-5");
        body.putArray("system").addObject().put("type", "text").put("text", "short system prompt");
        body.putArray("messages");
        text(message(body, "user"), "x".repeat(3000));
        AnthropicPromptCache.apply(body, PromptCachePolicy.AUTO);
        assertEquals(List.of(), marks(body), "about 750 tokens: below Sonnet's 1024");

        text((ObjectNode) body.at("/messages/0"), "y".repeat(2000));
        AnthropicPromptCache.apply(body, PromptCachePolicy.AUTO);
        assertEquals(List.of("messages.0.content.1"), marks(body), "the system prompt alone is still too short");
    }

    @Test
    void theMinimumIsPerModelAndCanBeOverridden() {
        ObjectNode haiku = body("claude-haiku-4-5");
        text(message(haiku, "user"), "hi");
        AnthropicPromptCache.apply(haiku, PromptCachePolicy.AUTO);
        assertEquals(List.of(), marks(haiku), "about 3000 tokens: below Haiku 4.5's 4096");

        ObjectNode overridden = body("claude-haiku-4-5");
        text(message(overridden, "user"), "hi");
        AnthropicPromptCache.apply(overridden, new PromptCachePolicy(true, "5m", Map.of("haiku-4-5", 2048)));
        assertEquals(List.of("system.0", "messages.0.content.0"), marks(overridden));
    }

    @Test
    void theNewestMessageIsMarkedOnItsLastBlockThatIsNotThinking() {
        ObjectNode body = body("claude-sonnet-4-5");
        text(message(body, "user"), "hi");
        ObjectNode prefill = message(body, "assistant");
        text(prefill, "Sure");
        ((ArrayNode) prefill.get("content")).addObject().put("type", "thinking").put("thinking", "hm")
                .put("signature", "s");
        AnthropicPromptCache.apply(body, PromptCachePolicy.AUTO);
        assertTrue(marks(body).contains("messages.1.content.0"), marks(body).toString());
        assertFalse(marks(body).contains("messages.1.content.1"));
    }

    @Test
    void offAddsNothingAndTheLongTtlIsSent() {
        ObjectNode off = body("claude-sonnet-4-5");
        text(message(off, "user"), "hi");
        AnthropicPromptCache.apply(off, PromptCachePolicy.OFF);
        assertFalse(off.toString().contains("cache_control"));

        ObjectNode hour = body("claude-sonnet-4-5");
        text(message(hour, "user"), "hi");
        AnthropicPromptCache.apply(hour, new PromptCachePolicy(true, "1h", Map.of()));
        assertEquals("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}", hour.at("/system/0/cache_control").toString());
    }
}
