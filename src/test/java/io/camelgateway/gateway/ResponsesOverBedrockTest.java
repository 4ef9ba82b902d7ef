package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.fakes.FakeBedrockServer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Responses client through the real gateway process to the strict fake Bedrock (SigV4 checked server-side,
 * ConverseStream as binary eventstream frames split across writes), streaming and not.
 */
class ResponsesOverBedrockTest {

    static final String MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeBedrockServer bedrock;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        bedrock = FakeBedrockServer.start();
        GatewayProcess.Builder builder = GatewayProcess.builder().property("gateway.retry.max-retries", "0");
        bedrock.environment().forEach(builder::env);
        gateway = builder.start();
    }

    @AfterAll
    static void stop() throws Exception {
        Closeables.closeAll(gateway, bedrock);
    }

    @BeforeEach
    void clear() {
        bedrock.clear();
    }

    private static String url() {
        return gateway.baseUrl() + "/v1/responses";
    }

    private static ObjectNode request(boolean stream) throws Exception {
        return (ObjectNode) JSON.readTree("{\"model\":\"bedrock/" + MODEL_ID + "\",\"stream\":" + stream + ",\"input\":["
                + "{\"type\":\"message\",\"role\":\"developer\",\"content\":[{\"type\":\"input_text\",\"text\":\"be brief\"}]},"
                + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"hi\"}]}],"
                + "\"tools\":[{\"type\":\"function\",\"name\":\"exec_command\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"cmd\":{\"type\":\"string\"}}}}],\"reasoning\":{\"effort\":\"medium\"},"
                + "\"include\":[\"reasoning.encrypted_content\"],\"store\":false}");
    }

    @Test
    void aStreamedTurnWithReasoningTextAndAToolCall() throws Exception {
        bedrock.enqueue(new FakeBedrockServer.Ok(FakeBedrockServer.answer().reasoning("Let me look.", "sig-1")
                .text("Listing — «files».").toolUse("tooluse_1", "exec_command", "{\"cmd\":\"ls -la\"}")
                .usage(120, 30, 50, 0).end()));

        SseClient.Result result = SseClient.stream(url(), request(true).toString(), Duration.ofSeconds(30));

        assertEquals(200, result.status(), result.body());
        assertEquals("response.created", result.types().get(0));
        assertEquals("response.completed", result.last().type(), result.body());
        JsonNode output = result.last().json().path("response").path("output");
        assertEquals(3, output.size(), output.toString());
        assertTrue(output.get(0).path("encrypted_content").asText().startsWith("gwr1.bedrock."));
        assertEquals("Listing — «files».", output.get(1).at("/content/0/text").asText());
        assertEquals("tooluse_1", output.get(2).path("call_id").asText());
        assertEquals("{\"cmd\":\"ls -la\"}", output.get(2).path("arguments").asText());
        JsonNode usage = result.last().json().at("/response/usage");
        assertEquals(170, usage.path("input_tokens").asInt());
        assertEquals(50, usage.at("/input_tokens_details/cached_tokens").asInt());
        assertEquals(30, usage.path("output_tokens").asInt());
        assertEquals("bedrock", result.headers().firstValue("x-gateway-provider").orElse(null));

        FakeBedrockServer.RecordedRequest sent = bedrock.requests().get(0);
        assertNull(sent.rejection(), sent.rejection());
        assertTrue(sent.stream());
        assertEquals("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream", sent.rawPath());
        assertEquals(MODEL_ID, sent.modelId());
        assertTrue(sent.headers().get("authorization").startsWith("AWS4-HMAC-SHA256 Credential=" + FakeBedrockServer.ACCESS_KEY_ID));
        assertFalse(sent.rawBody().contains("client-token-xyz"), "the client's token must not go upstream");
        assertEquals(8192, sent.body().at("/additionalModelRequestFields/thinking/budget_tokens").asInt());
    }

    @Test
    void reasoningSurvivesTheRoundTripToTheNextTurn() throws Exception {
        bedrock.enqueue(new FakeBedrockServer.Ok(FakeBedrockServer.answer().reasoning("Plan: run ls.", "sig-round-trip")
                .redacted("UkVEQUNURUQtQllURVM=").toolUse("tooluse_7", "exec_command", "{\"cmd\":\"ls\"}").end()),
                FakeBedrockServer.text("Done."));
        SseClient.Result first = SseClient.stream(url(), request(true).toString(), Duration.ofSeconds(30));
        assertEquals("response.completed", first.last().type(), first.body());

        ObjectNode next = request(true);
        ArrayNode input = (ArrayNode) next.path("input");
        first.last().json().at("/response/output").forEach(input::add);
        input.addObject().put("type", "function_call_output").put("call_id", "tooluse_7").put("output", "a.txt");
        SseClient.Result second = SseClient.stream(url(), next.toString(), Duration.ofSeconds(30));

        assertEquals("response.completed", second.last().type(), second.body() + "\n" + bedrock.requests());
        FakeBedrockServer.RecordedRequest sent = bedrock.requests().get(1);
        assertNull(sent.rejection(), sent.rejection());
        JsonNode assistant = sent.body().at("/messages/1/content");
        assertEquals("sig-round-trip", assistant.at("/0/reasoningContent/reasoningText/signature").asText());
        assertEquals("UkVEQUNURUQtQllURVM=", assistant.at("/1/reasoningContent/redactedContent").asText());
        assertEquals("tooluse_7", sent.body().at("/messages/2/content/0/toolResult/toolUseId").asText());
    }

    @Test
    void aWholeAnswerIsAResponseObject() throws Exception {
        bedrock.enqueue(new FakeBedrockServer.Ok(FakeBedrockServer.answer().text("hello there").usage(12, 3, 0, 0).end()));

        HttpResponse<String> response = SseClient.post(url(), request(false).toString());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("completed", body.path("status").asText());
        assertEquals("hello there", body.at("/output/0/content/0/text").asText());
        assertEquals(12, body.at("/usage/input_tokens").asInt());
        assertFalse(bedrock.requests().get(0).stream());
        assertEquals("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse", bedrock.requests().get(0).rawPath());
    }

    @Test
    void bedrockErrorsKeepTheirMeaning() throws Exception {
        bedrock.enqueue(FakeBedrockServer.failure(429, "ThrottlingException", "Too many requests, please wait."),
                FakeBedrockServer.failure(429, "ModelNotReadyException", "Model is not ready for inference."),
                FakeBedrockServer.failure(400, "ValidationException", "Input is too long for requested model."));
        HttpResponse<String> throttled = SseClient.post(url(), request(false).toString());
        assertEquals(429, throttled.statusCode(), throttled.body());
        assertEquals("5", throttled.headers().firstValue("retry-after").orElse(null), "Bedrock states no delay");
        HttpResponse<String> notReady = SseClient.post(url(), request(false).toString());
        assertEquals(503, notReady.statusCode(), notReady.body());
        HttpResponse<String> tooLong = SseClient.post(url(), request(false).toString());
        assertEquals(400, tooLong.statusCode(), tooLong.body());
        assertEquals("context_length_exceeded", JSON.readTree(tooLong.body()).at("/error/code").asText());
    }

    @Test
    void anExceptionOrACutMidStreamEndsInResponseFailed() throws Exception {
        FakeBedrockServer.Answer partial = FakeBedrockServer.answer().text("Half an answer").end();
        bedrock.enqueue(new FakeBedrockServer.StreamException(partial, "modelStreamErrorException", "The model stream broke."),
                new FakeBedrockServer.Cut(FakeBedrockServer.answer().text("one").text("two").toolUse("t1", "exec_command", "{}").end()));

        SseClient.Result failed = SseClient.stream(url(), request(true).toString(), Duration.ofSeconds(30));
        assertEquals("response.failed", failed.last().type(), failed.body());
        assertTrue(failed.last().json().at("/response/error/message").asText().contains("The model stream broke."));

        SseClient.Result cut = SseClient.stream(url(), request(true).toString(), Duration.ofSeconds(30));
        assertEquals("response.failed", cut.last().type(), cut.body());
        assertFalse(cut.body().contains("\"function_call\""), "a half-streamed call never reaches the client as done");
    }

    @Test
    void aMessagesClientGetsAnthropicEventsFromBedrock() throws Exception {
        bedrock.enqueue(new FakeBedrockServer.Ok(FakeBedrockServer.answer().reasoning("Thinking it over.", "sig-m")
                .text("Running ls.").toolUse("tooluse_m", "Bash", "{\"command\":\"ls\"}").end()));
        String body = "{\"model\":\"bedrock/" + MODEL_ID + "\",\"max_tokens\":20000,\"stream\":true,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code.\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"List the files.\"}],"
                + "\"tools\":[{\"name\":\"Bash\",\"input_schema\":{\"type\":\"object\",\"properties\":"
                + "{\"command\":{\"type\":\"string\"}}}}],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4000}}";
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(gateway.baseUrl() + "/v1/messages")).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("anthropic-version", "2023-06-01")
                .header("x-api-key", "client-key").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertNull(bedrock.requests().get(0).rejection(), bedrock.requests().get(0).rejection());
        assertTrue(response.body().contains("\"type\":\"message_stop\""), response.body());
        assertTrue(response.body().contains("\"signature_delta\""), response.body());
        assertTrue(response.body().contains("\"tool_use\""), response.body());
        assertTrue(response.body().contains("tooluse_m"), response.body());
        JsonNode sent = bedrock.requests().get(0).body();
        assertEquals("You are Claude Code.", sent.at("/system/0/text").asText());
        assertEquals("Bash", sent.at("/toolConfig/tools/0/toolSpec/name").asText());
    }

    @Test
    void aDamagedFrameEndsTheStreamInResponseFailed() throws Exception {
        List<byte[]> frames = new java.util.ArrayList<>(FakeBedrockServer.frames(
                FakeBedrockServer.answer().text("fine so far").toolUse("t9", "exec_command", "{\"cmd\":\"rm -rf x\"}").end(), true));
        byte[] damaged = frames.get(4).clone();
        damaged[damaged.length - 6] ^= 0x10;
        frames.set(4, damaged);
        bedrock.enqueue(new FakeBedrockServer.RawFrames(frames));

        SseClient.Result result = SseClient.stream(url(), request(true).toString(), Duration.ofSeconds(30));

        assertEquals("response.failed", result.last().type(), result.body());
        assertEquals("bad_response", result.last().json().at("/response/error/code").asText(), result.body());
        assertFalse(result.body().contains("\"function_call\""), "no call from a damaged stream reaches the client");
    }

    @Test
    void wrongOrMissingCredentialsAreTheOperatorsProblemNotA5xx() throws Exception {
        GatewayProcess.Builder wrong = GatewayProcess.builder().property("gateway.retry.max-retries", "0");
        bedrock.environment().forEach(wrong::env);
        wrong.env("AWS_SECRET_ACCESS_KEY", "not-the-right-secret-0123456789");
        GatewayProcess.Builder none = GatewayProcess.builder();
        Map.of("AWS_REGION", FakeBedrockServer.REGION, "BEDROCK_BASE_URL", bedrock.origin(), "AWS_ACCESS_KEY_ID", "",
                "AWS_SECRET_ACCESS_KEY", "", "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", "AWS_CONFIG_FILE", "/nonexistent/config")
                .forEach(none::env);
        try (GatewayProcess wrongGateway = wrong.start(); GatewayProcess noneGateway = none.start()) {
            HttpResponse<String> rejected = SseClient.post(wrongGateway.baseUrl() + "/v1/responses", request(false).toString());
            assertEquals(400, rejected.statusCode(), rejected.body());
            assertEquals("provider_auth_failed", JSON.readTree(rejected.body()).at("/error/code").asText());
            assertTrue(bedrock.requests().get(0).rejection().startsWith("InvalidSignatureException"));
            assertFalse(wrongGateway.log().contains("not-the-right-secret-0123456789"), "a secret reached the log");

            HttpResponse<String> missing = SseClient.post(noneGateway.baseUrl() + "/v1/responses", request(true).toString());
            assertEquals(400, missing.statusCode(), missing.body());
            assertEquals("provider_key_missing", JSON.readTree(missing.body()).at("/error/code").asText());
            assertTrue(noneGateway.log().contains("provider bedrock: protocol bedrock"), noneGateway.log());
            assertEquals(1, bedrock.requests().size(), "nothing unsigned went upstream");
        }
    }

    @Test
    void theStartupSummarySaysWhereCredentialsCameFromButNotWhatTheyAre() {
        String log = gateway.log();
        assertTrue(log.contains("provider bedrock: protocol bedrock, " + bedrock.origin()), log);
        assertTrue(log.contains("region us-east-1"), log);
        assertFalse(log.contains(FakeBedrockServer.SECRET_ACCESS_KEY), "the secret reached the log");
        List<String> lines = log.lines().filter(l -> l.contains("AWS credentials")).toList();
        assertFalse(lines.isEmpty(), log);
    }
}
