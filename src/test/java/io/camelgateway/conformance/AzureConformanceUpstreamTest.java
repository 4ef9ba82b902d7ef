package io.camelgateway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.canonical.ReasoningEnvelope;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Azure column's upstream answers in the wire each path asks for, and its faults reach the client as such. */
class AzureConformanceUpstreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static AzureConformanceUpstream upstream;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = AzureConformanceUpstream.start();
        GatewayProcess.Builder builder = GatewayProcess.builder().property("gateway.retry.max-retries", "0");
        upstream.gatewayProperties().forEach(builder::property);
        upstream.gatewayEnvironment().forEach(builder::env);
        gateway = builder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, upstream);
    }

    @BeforeEach
    void reset() {
        upstream.reset();
    }

    @Test
    void codexStreamGetsReasoningAndACustomToolCallFromTheV1ResponsesApi() throws Exception {
        upstream.enqueue(ScriptedTurn.builder().reasoning("plan the patch", "enc-sig-1")
                .customToolCall("call_p", "apply_patch", "*** Begin Patch\n*** Add File: é.txt\n+ü\n*** End Patch\n")
                .usage(100, 40, 20, 7).end());
        SseClient.Result result = SseClient.stream(gateway.baseUrl() + "/v1/responses", "{\"model\":\"" + upstream.model()
                + "\",\"stream\":true,\"input\":\"patch it\",\"tools\":[{\"type\":\"custom\",\"name\":\"apply_patch\","
                + "\"description\":\"patch\"}]}", Duration.ofSeconds(30));
        assertEquals("response.completed", result.last().type(), result.body());
        JsonNode response = result.last().json().path("response");
        assertEquals("enc-sig-1", ReasoningEnvelope.unwrap("azure", response.at("/output/0/encrypted_content").asText())
                .asText(), response.toString());
        assertEquals("custom_tool_call", response.at("/output/1/type").asText());
        assertEquals(40, response.at("/usage/input_tokens_details/cached_tokens").asInt());
        assertEquals(7, response.at("/usage/output_tokens_details/reasoning_tokens").asInt());
        assertTrue(upstream.rejections().isEmpty(), upstream.rejections().toString());
        assertEquals(AzureConformanceUpstream.DEPLOYMENT, upstream.requests().get(0).path("model").asText());
    }

    @Test
    void chatClientGetsAWholeChatAnswerFromTheDeployment() throws Exception {
        upstream.enqueue(ScriptedTurn.builder().toolCall("call_1", "exec_command", "{\"cmd\":\"ls\"}").end());
        HttpResponse<String> response = SseClient.post(gateway.baseUrl() + "/v1/chat/completions", "{\"model\":\""
                + upstream.model() + "\",\"messages\":[{\"role\":\"user\",\"content\":\"ls\"}],\"tools\":[{\"type\":"
                + "\"function\",\"function\":{\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\"}}}]}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode call = JSON.readTree(response.body()).at("/choices/0/message/tool_calls/0");
        assertEquals("{\"cmd\":\"ls\"}", call.at("/function/arguments").asText(), response.body());
        assertTrue(upstream.rejections().isEmpty(), upstream.rejections().toString());
    }

    @Test
    void faultsAndCutsReachTheClient() throws Exception {
        upstream.enqueue(new UpstreamFault(UpstreamFault.Kind.RATE_LIMITED, 30));
        HttpResponse<String> limited = SseClient.post(gateway.baseUrl() + "/v1/responses", "{\"model\":\""
                + upstream.model() + "\",\"input\":\"hi\"}");
        assertEquals(429, limited.statusCode(), limited.body());
        assertEquals("30", limited.headers().firstValue("retry-after").orElse(null));

        upstream.enqueue(UpstreamFault.of(UpstreamFault.Kind.CUT_MIDWAY));
        SseClient.Result cut = SseClient.stream(gateway.baseUrl() + "/v1/responses", "{\"model\":\"" + upstream.model()
                + "\",\"stream\":true,\"input\":\"hi\"}", Duration.ofSeconds(30));
        assertEquals("response.failed", cut.last().type(), cut.body());

        upstream.enqueue(ScriptedTurn.builder().text("a long answer that stops").cutByMaxTokens());
        SseClient.Result incomplete = SseClient.stream(gateway.baseUrl() + "/v1/responses", "{\"model\":\""
                + upstream.model() + "\",\"stream\":true,\"input\":\"hi\"}", Duration.ofSeconds(30));
        assertEquals("response.incomplete", incomplete.last().type(), incomplete.body());
    }
}
