package io.camelgateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.camelgateway.fakes.FakeGeminiServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The official {@code openai} npm SDK ({@code e2e/sdk-check.mjs}) against the gateway with every call going to
 * Gemini (the strict {@link FakeGeminiServer}): a streamed chat tool call, a plain chat completion, a streamed
 * Responses call, and a request the gateway rejects before any upstream call.
 */
class OpenAiSdkGeminiE2ETest {

    static final String CHAT_MODEL = "gemini/gemini-2.5-flash";
    static final String RESPONSES_MODEL = "gemini/gemini-2.5-pro";

    private FakeGeminiServer gemini;
    private GatewayProcess gateway;

    @BeforeEach
    void start() throws Exception {
        SdkCheck.requireSdk();
        gemini = FakeGeminiServer.start("gm-sdk-key-1234");
        gateway = GatewayProcess.builder()
                .property("gateway.gemini.base-url", gemini.baseUrl())
                .env("GEMINI_API_KEY", "gm-sdk-key-1234")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        Closeables.closeAll(gateway, gemini);
    }

    @Test
    @Timeout(240) // backstop: every wait inside is bounded more tightly; interruption kills the processes
    void sdkParsesWhatTheGatewaySendsForGemini() throws Exception {
        gemini.enqueue(
                FakeGeminiServer.answer().call("get_weather", "{\"city\":\"Paris\"}", "sig-sdk").usage(30, 0, 9, 0),
                FakeGeminiServer.answer().text("pong"),
                FakeGeminiServer.answer().text("Hello from the gateway."));

        JsonNode result = SdkCheck.run(gateway.baseUrl(), CHAT_MODEL, RESPONSES_MODEL);
        String context = result.toPrettyString() + "\n--- upstream ---\n" + gemini.requests() + "\n--- gateway log ---\n"
                + gateway.log();
        assertEquals(java.util.List.of(), gemini.rejections(), context);

        JsonNode a = result.path("streamingTool");
        assertEquals("tool_calls", a.path("finishReason").asText(), context);
        assertEquals(1, a.path("toolCalls").size(), context);
        assertEquals("get_weather", a.at("/toolCalls/0/name").asText(), context);
        assertEquals("Paris", E2eJson.parse(a.at("/toolCalls/0/arguments").asText()).path("city").asText(), context);
        assertFalse(a.at("/toolCalls/0/id").asText().isEmpty(), context);
        JsonNode declared = gemini.requests().get(0).body().at("/tools/0/functionDeclarations/0");
        assertEquals("get_weather", declared.path("name").asText(), context);
        assertTrue(gemini.requests().get(0).streamed());

        JsonNode b = result.path("plainChat");
        assertEquals("pong", b.path("content").asText(), context);
        assertEquals("stop", b.path("finishReason").asText(), context);
        assertFalse(gemini.requests().get(1).streamed());

        JsonNode c = result.path("responsesStream");
        assertEquals("response.completed", c.path("last").asText(), context);
        assertEquals("Hello from the gateway.", c.path("completedText").asText(), context);
        assertEquals("Hello from the gateway.", c.path("deltas").asText(), context);
        assertEquals("gemini-2.5-pro", gemini.requests().get(2).model());

        JsonNode d = result.path("invalidRequest");
        assertTrue(d.path("isBadRequest").asBoolean(), context);
        assertEquals(400, d.path("status").asInt(), context);
        assertEquals(3, gemini.requests().size(), "the invalid request must not reach the provider: " + context);
        E2eJson.assertNoServerErrors(gateway.log());
    }
}
