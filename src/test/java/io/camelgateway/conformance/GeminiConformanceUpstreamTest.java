package io.camelgateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gemini column's upstream works through the gateway as the matrix will drive it (a smoke test, not the matrix). */
class GeminiConformanceUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GeminiConformanceUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = GeminiConformanceUpstream.start();
        GatewayProcess.Builder builder = GatewayProcess.builder().property("gateway.retry.max-retries", "0");
        upstream.gatewayProperties().forEach(builder::property);
        upstream.gatewayEnvironment().forEach(builder::env);
        gateway = builder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    private static ObjectNode request(boolean stream, List<JsonNode> history) {
        ObjectNode body = JSON.createObjectNode().put("model", upstream.model()).put("stream", stream);
        ArrayNode input = body.putArray("input");
        input.addObject().put("type", "message").put("role", "user").putArray("content").addObject()
                .put("type", "input_text").put("text", "Run it.");
        history.forEach(input::add);
        body.putArray("tools").addObject().put("type", "function").put("name", "exec_command")
                .set("parameters", JSON.createObjectNode().put("type", "object").set("properties",
                        JSON.createObjectNode().set("cmd", JSON.createObjectNode().put("type", "string"))));
        body.putObject("reasoning").put("effort", "high");
        return body;
    }

    @Test
    void reasoningRoundTripAcrossTwoTurnsStreamedAndWhole() throws Exception {
        for (boolean stream : new boolean[] {true, false}) {
            upstream.reset();
            upstream.enqueue(ScriptedTurn.builder().reasoning("Plan the command.", "sig-conf-" + stream)
                    .toolCall("c1", "exec_command", "{\"cmd\":\"ls\"}").usage(100, 20, 30, 10).end());
            JsonNode first = answer(stream, request(stream, List.of()));
            JsonNode output = first.path("output");
            assertEquals(100, first.at("/usage/input_tokens").asInt(), first.toString());
            assertEquals(20, first.at("/usage/input_tokens_details/cached_tokens").asInt());
            assertEquals(10, first.at("/usage/output_tokens_details/reasoning_tokens").asInt());
            JsonNode call = output.get(output.size() - 1);
            assertEquals("function_call", call.path("type").asText(), output.toString());
            upstream.enqueue(ScriptedTurn.builder().text("Done.").end());
            ObjectNode result = JSON.createObjectNode().put("type", "function_call_output")
                    .put("call_id", call.path("call_id").asText()).put("output", "a.txt");
            List<JsonNode> history = new java.util.ArrayList<>();
            output.forEach(history::add);
            history.add(result);
            JsonNode second = answer(stream, request(stream, history));
            assertEquals("completed", second.path("status").asText(), second.toString());
            assertEquals(List.of(), upstream.rejections());
            assertEquals("sig-conf-" + stream, upstream.requests().get(1).at("/contents/1/parts/0/thoughtSignature").asText());
        }
    }

    @Test
    void faults() throws Exception {
        upstream.reset();
        upstream.enqueue(new UpstreamFault(UpstreamFault.Kind.RATE_LIMITED, 3));
        HttpResponse<String> limited = SseClient.post(gateway.baseUrl() + "/v1/responses",
                request(false, List.of()).toString());
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals("3", limited.headers().firstValue("retry-after").orElse(null));
        upstream.enqueue(UpstreamFault.of(UpstreamFault.Kind.CUT_MIDWAY));
        SseClient.Result cut = SseClient.stream(gateway.baseUrl() + "/v1/responses", request(true, List.of()).toString(),
                Duration.ofSeconds(30));
        assertEquals("response.failed", cut.types().get(cut.types().size() - 1));
        upstream.enqueue(ScriptedTurn.builder().text("Partial").cutByMaxTokens());
        SseClient.Result incomplete = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                request(true, List.of()).toString(), Duration.ofSeconds(30));
        assertTrue(incomplete.types().contains("response.incomplete"), incomplete.types().toString());
    }

    private static JsonNode answer(boolean stream, ObjectNode body) throws Exception {
        if (stream) {
            SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", body.toString(),
                    Duration.ofSeconds(30));
            return result.last().json().path("response");
        }
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/responses", body.toString());
        return JSON.readTree(response.body());
    }
}
