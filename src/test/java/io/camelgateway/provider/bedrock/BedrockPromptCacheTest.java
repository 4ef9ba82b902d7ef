package io.camelgateway.provider.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.BedrockRequestValidator;
import io.camelgateway.provider.promptcache.PromptCachePolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the gateway puts Converse {@code cachePoint} blocks. */
class BedrockPromptCacheTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG = "x".repeat(6000);
    private static final String CLAUDE = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static ObjectNode body() {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode spec = ((ArrayNode) body.putObject("toolConfig").putArray("tools")).addObject().putObject("toolSpec");
        spec.put("name", "exec_command").put("description", LONG).putObject("inputSchema").putObject("json")
                .put("type", "object");
        body.putArray("system").addObject().put("text", "You are Codex. " + LONG);
        ArrayNode messages = body.putArray("messages");
        ObjectNode user = messages.addObject().put("role", "user");
        user.putArray("content").addObject().put("text", "run ls");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        ObjectNode use = assistant.putArray("content").addObject().putObject("toolUse");
        use.put("toolUseId", "t1").put("name", "exec_command").putObject("input");
        ObjectNode result = messages.addObject().put("role", "user");
        ObjectNode toolResult = result.putArray("content").addObject().putObject("toolResult");
        toolResult.put("toolUseId", "t1").putArray("content").addObject().put("text", "ok");
        return body;
    }

    /** Paths of the cache points, e.g. {@code system.1}. */
    private static List<String> points(JsonNode body) {
        List<String> out = new ArrayList<>();
        collect(body.path("toolConfig").path("tools"), "tools", out);
        collect(body.path("system"), "system", out);
        for (int i = 0; i < body.path("messages").size(); i++) {
            collect(body.path("messages").get(i).path("content"), "messages." + i, out);
        }
        return out;
    }

    private static void collect(JsonNode array, String name, List<String> out) {
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).has("cachePoint")) {
                assertEquals("{\"type\":\"default\"}", array.get(i).get("cachePoint").toString());
                out.add(name + "." + i);
            }
        }
    }

    @Test
    void claudeGetsCachePointsAfterTheToolsTheSystemPromptAndBothEndsOfTheConversation() {
        ObjectNode body = body();
        BedrockPromptCache.apply(body, CLAUDE, PromptCachePolicy.AUTO);
        assertEquals(List.of("tools.1", "system.1", "messages.0.1", "messages.2.1"), points(body));
        assertNull(BedrockRequestValidator.validate(body, block -> true), body::toString);
    }

    @Test
    void novaCachesNoToolsAndOtherModelsGetNothing() {
        ObjectNode nova = body();
        BedrockPromptCache.apply(nova, "amazon.nova-pro-v1:0", PromptCachePolicy.AUTO);
        assertEquals(List.of("system.1", "messages.0.1", "messages.2.1"), points(nova));

        ObjectNode llama = body();
        BedrockPromptCache.apply(llama, "meta.llama3-70b-instruct-v1:0", PromptCachePolicy.AUTO);
        assertFalse(llama.toString().contains("cachePoint"));
    }

    @Test
    void cachePointsAlreadyThereAreCountedAgainstTheLimit() {
        ObjectNode body = body();
        ArrayNode system = (ArrayNode) body.get("system");
        system.addObject().putObject("cachePoint").put("type", "default");
        system.addObject().put("text", "more");
        system.addObject().putObject("cachePoint").put("type", "default");
        BedrockPromptCache.apply(body, CLAUDE, PromptCachePolicy.AUTO);
        assertEquals(List.of("system.1", "system.3", "messages.0.1", "messages.2.1"), points(body));
    }

    @Test
    void offAddsNothing() {
        ObjectNode body = body();
        BedrockPromptCache.apply(body, CLAUDE, PromptCachePolicy.OFF);
        assertFalse(body.toString().contains("cachePoint"));
    }
}
