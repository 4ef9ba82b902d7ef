package io.camelgateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Bedrock column's upstream works as the contract says, through a gateway set up only from what it gives. */
class BedrockConformanceUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scriptedTurnsAndFaultsReachTheClient() throws Exception {
        BedrockConformanceUpstream upstream = BedrockConformanceUpstream.start();
        GatewayProcess gateway = null;
        try {
            GatewayProcess.Builder builder = GatewayProcess.builder().property("gateway.retry.max-retries", "0");
            upstream.gatewayProperties().forEach(builder::property);
            upstream.gatewayEnvironment().forEach(builder::env);
            gateway = builder.start();
            String request = "{\"model\":\"" + upstream.model() + "\",\"stream\":%s,\"input\":\"go\",\"tools\":["
                    + "{\"type\":\"function\",\"name\":\"mcp.files/read\",\"parameters\":{\"type\":\"object\",\"properties\":{}}},"
                    + "{\"type\":\"custom\",\"name\":\"apply_patch\",\"description\":\"patch\"}]}";

            upstream.enqueue(ScriptedTurn.builder().reasoning("thinking", "sig-c").text("Reading.")
                    .toolCall("call_a", "mcp.files/read", "{\"path\":\"a\"}").usage(100, 40, 20, 5).end());
            SseClient.Result streamed = SseClient.stream(gateway.baseUrl() + "/v1/responses",
                    request.formatted("true"), Duration.ofSeconds(30));
            assertEquals("response.completed", streamed.last().type(), streamed.body() + upstream.rejections());
            JsonNode output = streamed.last().json().at("/response/output");
            assertEquals("mcp.files/read", output.get(2).path("name").asText(), output.toString());
            assertEquals(40, streamed.last().json().at("/response/usage/input_tokens_details/cached_tokens").asInt());
            assertEquals(100, streamed.last().json().at("/response/usage/input_tokens").asInt());

            upstream.enqueue(ScriptedTurn.builder().customToolCall("call_p", "apply_patch", "*** Begin Patch\n*** End Patch").end());
            HttpResponse<String> whole = SseClient.post(gateway.baseUrl() + "/v1/responses", request.formatted("false"));
            JsonNode body = JSON.readTree(whole.body());
            assertEquals("custom_tool_call", body.at("/output/0/type").asText(), whole.body());
            assertEquals("*** Begin Patch\n*** End Patch", body.at("/output/0/input").asText());

            upstream.enqueue(UpstreamFault.of(UpstreamFault.Kind.CUT_MIDWAY));
            SseClient.Result cut = SseClient.stream(gateway.baseUrl() + "/v1/responses", request.formatted("true"),
                    Duration.ofSeconds(30));
            assertEquals("response.failed", cut.last().type(), cut.body());

            upstream.enqueue(UpstreamFault.of(UpstreamFault.Kind.OVERLOADED));
            assertEquals(503, SseClient.post(gateway.baseUrl() + "/v1/responses", request.formatted("false")).statusCode());

            assertEquals(4, upstream.requests().size());
            assertTrue(upstream.rejections().isEmpty(), upstream.rejections().toString());
            upstream.reset();
            assertTrue(upstream.requests().isEmpty());
        } finally {
            Closeables.closeAll(gateway, upstream);
        }
    }
}
