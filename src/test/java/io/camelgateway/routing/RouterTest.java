package io.camelgateway.routing;

import static io.camelgateway.routing.RoutedGateway.body;
import static io.camelgateway.routing.RoutedGateway.header;
import static io.camelgateway.routing.RoutedGateway.promptOfTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeAnthropicServer;
import io.camelgateway.testing.GatewayProcess;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shipped routes/router.yaml over a real gateway process and a fake Anthropic upstream. */
@Timeout(120)
class RouterTest {

    static final String CHEAP = "claude-haiku-4-5";
    static final String FLAGSHIP = "claude-opus-4-7";

    private static FakeAnthropicServer upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = FakeAnthropicServer.start(RoutedGateway.PROVIDER_KEY);
        gateway = GatewayProcess.builder()
                .property("gateway.anthropic.base-url", upstream.baseUrl())
                // A small cheap-side window, so the context-fit rule is reachable with a small request.
                .property("gateway.catalog.context-window.anthropic/claude-haiku-4-5", "2000")
                .env("ANTHROPIC_API_KEY", RoutedGateway.PROVIDER_KEY)
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private HttpResponse<String> send(ObjectNode body, String... headers) throws Exception {
        HttpResponse<String> response = RoutedGateway.send(gateway.baseUrl(), upstream, body, headers);
        assertEquals(200, response.statusCode(), response.body() + "\n" + gateway.log());
        return response;
    }

    private void assertRouted(HttpResponse<String> response, String route, String model) {
        assertEquals(route, header(response, "x-gateway-route"), response.headers().toString());
        assertEquals(model, header(response, "x-gateway-model"));
        assertEquals("anthropic", header(response, "x-gateway-provider"));
        assertEquals(model, upstream.lastRequest().body().path("model").asText(), "the model the upstream received");
        assertNotNull(header(response, "x-gateway-input-tokens"));
    }

    @Test
    void aSmallTurnGoesToTheCheapModel() throws Exception {
        HttpResponse<String> response = send(body("auto", "Say hi."));
        assertRouted(response, "default", CHEAP);
        assertTrue(Integer.parseInt(header(response, "x-gateway-input-tokens")) < 10);
    }

    @Test
    void aTurnOverTheThresholdGoesToTheFlagship() throws Exception {
        HttpResponse<String> under = send(body("auto", promptOfTokens(1_500)));
        assertRouted(under, "default", CHEAP);
        HttpResponse<String> over = send(body("auto", promptOfTokens(10_500)));
        assertRouted(over, "tokens-over-threshold", FLAGSHIP);
        assertTrue(Integer.parseInt(header(over, "x-gateway-input-tokens")) > 10_000);
    }

    @Test
    void applyPatchInRecentTurnsGoesToTheFlagship() throws Exception {
        ObjectNode body = body("auto", "Add a file.");
        ArrayNode input = (ArrayNode) body.get("input");
        input.addObject().put("type", "custom_tool_call").put("call_id", "call_p1").put("name", "apply_patch")
                .put("input", "*** Begin Patch\n*** Add File: a.txt\n+a\n*** End Patch\n");
        input.addObject().put("type", "custom_tool_call_output").put("call_id", "call_p1").put("output", "Success.");
        assertRouted(send(body), "recent-apply-patch", FLAGSHIP);
    }

    @Test
    void highReasoningEffortGoesToTheFlagship() throws Exception {
        ObjectNode body = body("auto", "Think hard.");
        body.putObject("reasoning").put("effort", "high");
        assertRouted(send(body), "reasoning-effort", FLAGSHIP);
        body.putObject("reasoning").put("effort", "medium");
        assertRouted(send(body), "default", CHEAP);
    }

    @Test
    void theTierHeaderOverridesTheOtherRules() throws Exception {
        assertRouted(send(body("auto", "Say hi."), "x-gateway-tier", "flagship"), "tier-header", FLAGSHIP);
        assertRouted(send(body("auto", promptOfTokens(1_500)), "x-gateway-tier", "cheap"), "tier-header", CHEAP);
    }

    @Test
    void anUnknownTierIsA400InTheClientsErrorShape() throws Exception {
        int before = upstream.requestCount();
        HttpResponse<String> response = RoutedGateway.post(gateway.baseUrl(), body("auto", "hi"), "x-gateway-tier", "premium");
        assertEquals(400, response.statusCode(), response.body());
        var error = InputTokenCounterTest.JSON.readTree(response.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText(), response.body());
        assertEquals("x-gateway-tier", error.path("param").asText());
        assertNotNull(header(response, "x-gateway-input-tokens"), "the count is known, so it is returned");
        assertEquals(before, upstream.requestCount(), "nothing went upstream");
    }

    @Test
    void aTurnTooLargeForTheChosenWindowMovesAlongTheChain() throws Exception {
        HttpResponse<String> response = send(body("auto", promptOfTokens(3_000)), "x-gateway-tier", "cheap");
        assertRouted(response, "tier-header+context-fit", "claude-sonnet-4-6");
    }

    @Test
    void aNamedModelIsNotRouted() throws Exception {
        HttpResponse<String> response = send(body("anthropic/claude-sonnet-4-6", promptOfTokens(10_500)));
        assertRouted(response, "direct", "claude-sonnet-4-6");
    }

    @Test
    void aClientCannotPresetTheFacts() throws Exception {
        HttpResponse<String> response = send(body("auto", "Say hi."), "GatewayInputTokens", "999999",
                "GatewayRecentTools", "apply_patch");
        assertRouted(response, "default", CHEAP);
    }

    @Test
    void anUnknownModelStillReportsTheTokenCount() throws Exception {
        HttpResponse<String> response = RoutedGateway.post(gateway.baseUrl(), body("nope/model", "hi"));
        assertEquals(404, response.statusCode(), response.body());
        assertNotNull(header(response, "x-gateway-input-tokens"));
        assertEquals("direct", header(response, "x-gateway-route"));
    }

    @Test
    void claudeCodesTurnsAreRoutedOnTheFactsItsApiCodecReads() throws Exception {
        assertRouted(sendMessages(messagesBody("Say hi.")), "default", CHEAP);
        assertRouted(sendMessages(messagesBody(promptOfTokens(10_500))), "tokens-over-threshold", FLAGSHIP);
        ObjectNode effort = messagesBody("Think hard.");
        effort.putObject("output_config").put("effort", "high");
        assertRouted(sendMessages(effort), "reasoning-effort", FLAGSHIP);
        ObjectNode patched = messagesBody("Add a file.");
        patched.putArray("tools").addObject().put("name", "apply_patch").putObject("input_schema").put("type", "object");
        ArrayNode messages = (ArrayNode) patched.get("messages");
        messages.addObject().put("role", "assistant").putArray("content").addObject().put("type", "tool_use")
                .put("id", "toolu_1").put("name", "apply_patch").putObject("input");
        messages.addObject().put("role", "user").putArray("content").addObject().put("type", "tool_result")
                .put("tool_use_id", "toolu_1").put("content", "Success.");
        assertRouted(sendMessages(patched), "recent-apply-patch", FLAGSHIP);
    }

    private static ObjectNode messagesBody(String prompt) {
        ObjectNode body = InputTokenCounterTest.JSON.createObjectNode().put("model", "auto").put("max_tokens", 1024)
                .put("stream", true);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return body;
    }

    private HttpResponse<String> sendMessages(ObjectNode body) throws Exception {
        upstream.enqueue(io.camelgateway.fakes.FakeAnthropicServer.Reply.sse(FakeAnthropicServer.textStream("ok")));
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.baseUrl() + "/v1/messages?beta=true"))
                .timeout(java.time.Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-api-key", "client-key").header("anthropic-version", "2023-06-01")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body() + "\n" + gateway.log());
        return response;
    }
}
