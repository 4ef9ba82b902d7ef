package io.camelgateway.provider.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camelgateway.api.messages.MessagesApiCodec;
import io.camelgateway.api.responses.ResponsesApiCodec;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.json.Json;
import io.camelgateway.provider.ClientTurn;
import io.camelgateway.provider.ProviderCall;
import io.camelgateway.provider.ProviderTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnthropicRelayTest {

    private static final String BETAS = "claude-code-20250219, interleaved-thinking-2025-05-14, effort-2025-11-24";

    @Test
    void claudeCodesRequestGoesUpWithTheModelRewrittenAndItsHeaders() throws Exception {
        ObjectNode body = body("{\"model\":\"claude-opus-5-5\",\"max_tokens\":128000,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ProviderCall call = new AnthropicCodec().prepare(turn(body, Map.of("anthropic-version", "2023-06-01",
                "anthropic-beta", BETAS)), target(Map.of()));

        JsonNode sent = Json.parse(call.request().body());
        assertEquals("claude-opus-4-7", sent.path("model").asText());
        assertEquals(128000, sent.path("max_tokens").asInt());
        assertEquals(BETAS, call.request().headers().get("anthropic-beta"));
        assertEquals("sk-ant-gateway", call.request().headers().get("x-api-key"));
        assertEquals("text/event-stream", call.request().headers().get("accept"));
        assertEquals("/v1/messages", call.request().path());
    }

    @Test
    void anUpstreamWithAnAllowListGetsOnlyTheBetasItAccepts() {
        assertEquals("claude-code-20250219,interleaved-thinking-2025-05-14",
                AnthropicRelay.allowedBetas(BETAS, java.util.Set.of("claude-code-20250219",
                        "interleaved-thinking-2025-05-14")));
        assertNull(AnthropicRelay.allowedBetas(BETAS, java.util.Set.of("other")));
        assertEquals(BETAS, AnthropicRelay.allowedBetas(BETAS, null));

        ProviderCall call = new AnthropicCodec().prepare(turn(body("{\"model\":\"m\",\"max_tokens\":10,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), Map.of("anthropic-beta", BETAS)),
                target(Map.of("anthropic-beta-allow", "effort-2025-11-24")));
        assertEquals("effort-2025-11-24", call.request().headers().get("anthropic-beta"));
    }

    @Test
    void thinkingAnotherProviderSignedIsRemovedAndThinkingTurnedOffWhenTheToolTurnLosesItsLead() throws Exception {
        String foreign = ReasoningEnvelope.wrap("openai", TextNode.valueOf("gAAAA-openai"));
        ObjectNode body = body("{\"model\":\"m\",\"max_tokens\":10,\"thinking\":{\"type\":\"adaptive\"},\"messages\":["
                + "{\"role\":\"user\",\"content\":\"run it\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"t\",\"signature\":\""
                + foreign + "\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"Bash\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]}]}");
        AnthropicRelay.dropForeignThinking(body);

        JsonNode assistant = body.path("messages").get(1).path("content");
        assertEquals(1, assistant.size(), "the tool_use stays, only the foreign thinking goes");
        assertEquals("tool_use", assistant.get(0).path("type").asText());
        assertFalse(body.has("thinking"));
    }

    @Test
    void anthropicsOwnThinkingStaysAndOnlyMessagesClientsAreRelayed() throws Exception {
        ObjectNode body = body("{\"model\":\"m\",\"max_tokens\":10,\"thinking\":{\"type\":\"adaptive\"},\"messages\":["
                + "{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"t\",\"signature\":\"EqQBCkYIBxgCKkA\"},{\"type\":\"text\",\"text\":\"a\"}]},"
                + "{\"role\":\"user\",\"content\":\"next\"}]}");
        AnthropicRelay.dropForeignThinking(body);
        assertEquals(2, body.path("messages").get(1).path("content").size());
        assertTrue(body.has("thinking"));

        ClientTurn codex = new ClientTurn(new ResponsesApiCodec(), body("{\"model\":\"m\",\"input\":\"hi\"}"), Map.of());
        assertNull(AnthropicRelay.forClient(codex, target(Map.of()), new AnthropicErrorMapper()));
    }

    private static ClientTurn turn(ObjectNode body, Map<String, String> headers) {
        return new ClientTurn(new MessagesApiCodec(), body, headers);
    }

    private static ProviderTarget target(Map<String, String> options) {
        return new ProviderTarget("anthropic", "anthropic", "https://api.anthropic.com", "sk-ant-gateway",
                "claude-opus-4-7", options);
    }

    private static ObjectNode body(String json) {
        try {
            return (ObjectNode) Json.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
