package io.camelgateway.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.api.chat.ChatRequestDecoder;
import io.camelgateway.api.responses.ResponsesRequestDecoder;
import io.camelgateway.canonical.TurnRequest;
import io.camelgateway.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The client's {@code prompt_cache_key} reaches OpenAI on translated turns too. */
class PromptCacheKeyTest {

    private static JsonNode upstreamBody(TurnRequest request) throws Exception {
        return Json.parse(new OpenAiResponsesRequestMapper().map(ResponsesTestSupport.context(request)).body());
    }

    @Test
    void codexThreadIdIsDecodedAndSentToOpenAi() throws Exception {
        ObjectNode codex = (ObjectNode) Json.parse(Files.readAllBytes(
                Path.of("src/test/resources/codex-captures/turn2-request-body.json")));
        TurnRequest request = ResponsesRequestDecoder.decode(codex);
        assertEquals("01a21044-3f6e-75f2-88a8-d8f56fea74e2", request.promptCacheKey());
        assertEquals(request.promptCacheKey(), upstreamBody(request).path("prompt_cache_key").asText());
    }

    @Test
    void aChatClientsKeyGoesToTheResponsesApiAndNoKeyMeansNoField() throws Exception {
        ObjectNode chat = (ObjectNode) Json.parse(("{\"model\":\"openai/gpt-5-test\",\"prompt_cache_key\":\"k-1\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes());
        assertEquals("k-1", upstreamBody(new ChatRequestDecoder().decode(chat)).path("prompt_cache_key").asText());
        chat.remove("prompt_cache_key");
        assertFalse(upstreamBody(new ChatRequestDecoder().decode(chat)).has("prompt_cache_key"));
    }
}
