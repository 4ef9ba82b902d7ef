package io.camelgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.RawHttp;
import io.camelgateway.testing.SseClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a hostile or broken client can send over a raw socket (where an HTTP client would refuse to) is answered
 * within seconds in the JSON error shape with the right status, and the gateway stays healthy.
 */
class RawHttpErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_TIMEOUT_MS = 1000;
    private static final int HEAD_TIMEOUT_MS = 1500;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = GatewayProcess.builder()
                .property("gateway.request.body-timeout-ms", Integer.toString(BODY_TIMEOUT_MS))
                .property("gateway.request.max-pending-bodies", "3")
                .property("gateway.request.head-timeout-ms", Integer.toString(HEAD_TIMEOUT_MS))
                .property("gateway.anthropic.base-url", "http://127.0.0.1:1")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @AfterEach
    void stillHealthy() throws Exception {
        assertEquals(200, SseClient.get(gateway.baseUrl() + "/health").statusCode(), gateway.log());
    }

    @ParameterizedTest(name = "{0} stream={1}")
    @CsvSource({
        "/v1/responses,false", "/v1/responses,true", "/v1/chat/completions,false", "/v1/chat/completions,true"})
    void controlCharactersInModelAreA400NamingModel(String path, boolean stream) throws Exception {
        for (String control : new String[] {"\\u0007", "\\u0000", "\\r\\n", "\\u001f", "\\u007f"}) {
            String input = path.contains("chat") ? "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" : "\"input\":\"hi\"";
            byte[] body = ("{\"model\":\"anthropic/claude-test" + control + "\"," + input + ",\"stream\":" + stream + "}")
                    .getBytes(StandardCharsets.UTF_8);
            RawHttp.Response response = exchange(RawHttp.post(path, body, -1));
            assertError(response, 400, "invalid_request");
            assertEquals("model", error(response).path("param").asText(), response.body());
        }
    }

    @Test
    void controlCharacterInAToolTypeIsA400NotAHeaderFailure() throws Exception {
        byte[] body = "{\"model\":\"anthropic/claude-test\",\"input\":\"hi\",\"tools\":[{\"type\":\"web\\u0007search\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        RawHttp.Response response = exchange(RawHttp.post("/v1/responses", body, -1));
        assertError(response, 400, "invalid_request");
        assertEquals("tools[0].type", error(response).path("param").asText());
    }

    @Test
    void invalidUtf8IsA400InPlainWords() throws Exception {
        byte[] body = {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};
        RawHttp.Response response = exchange(RawHttp.post("/v1/responses", body, -1));
        assertError(response, 400, "invalid_request");
        assertTrue(error(response).path("message").asText().contains("not valid UTF-8"), response.body());
    }

    @Test
    void truncatedJsonSaysWhereInPlainWords() throws Exception {
        RawHttp.Response response = exchange(RawHttp.post("/v1/responses",
                "{\"model\":\"gpt\",".getBytes(StandardCharsets.UTF_8), -1));
        assertError(response, 400, "invalid_request");
        assertEquals("The request body is not valid JSON: unexpected end of input at line 1, column 16",
                error(response).path("message").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/nothing", "/", "/v1/responsesX", "/admin/nothing", "/v1/models/x", "nothing"})
    void unknownPathIsA404ListingTheEndpoints(String path) throws Exception {
        RawHttp.Response response = exchange(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 404, "not_found");
        String message = error(response).path("message").asText();
        assertTrue(message.contains(path) && message.contains("POST /v1/responses")
                && message.contains("POST /v1/chat/completions") && message.contains("GET /v1/models"), message);
    }

    @ParameterizedTest
    @CsvSource({"DELETE,/v1/responses,POST", "GET,/v1/chat/completions,POST", "PUT,/v1/models,GET",
        "POST,/admin/providers,GET", "GET,/v1/responses/,POST", "OPTIONS,/v1/responses,POST"})
    void wrongMethodIsA405WithAllow(String method, String path, String allowed) throws Exception {
        RawHttp.Response response = exchange((method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 405, "method_not_allowed");
        assertEquals(allowed, response.headers().get("allow"));
    }

    @Test
    void overlongUriIsA414() throws Exception {
        RawHttp.Response response = exchange(("GET /v1/models?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 414, "uri_too_long");
    }

    @Test
    void oversizedHeadersAreA431() throws Exception {
        RawHttp.Response response = exchange(("GET /v1/models HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 431, "headers_too_large");
    }

    @Test
    void malformedRequestLineIsA400() throws Exception {
        RawHttp.Response response = exchange("GET /v1/models HTTP/9.x\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 400, "bad_request");
    }

    @Test
    void badPercentEncodingIsA400() throws Exception {
        RawHttp.Response response = exchange("GET /v1/models?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 400, "bad_request");
    }

    @Test
    void malformedChunkSizeIsA400() throws Exception {
        RawHttp.Response response = exchange(("POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertError(response, 400, "bad_request");
    }

    /** Chunk data longer than its size, and chunk data not followed by CRLF: both fail after some data arrived. */
    @ParameterizedTest
    @ValueSource(strings = {"2\r\n{\"model\":\"x\"}\r\n0\r\n\r\n", "d\r\n{\"model\":\"x\"}XX0\r\n\r\n"})
    void brokenChunkFramingAfterDataIsA400ThenClose(String body) throws Exception {
        try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
            client.send("POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + body);
            RawHttp.Response response = client.read();
            assertError(response, 400, "bad_request");
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void unfinishedRequestHeadIsA408AndTheConnectionCloses() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
                long start = System.nanoTime();
                client.send("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl");
                RawHttp.Response response = client.read();
                assertError(response, 408, "request_timeout");
                assertTrue((System.nanoTime() - start) / 1_000_000 >= HEAD_TIMEOUT_MS - 100);
                assertTrue(client.closedByServer());
            }
        });
    }

    @Test
    void aHeadStoppingAtALineEndIsTimedToo() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
                client.send("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                assertError(client.read(), 408, "request_timeout");
                assertTrue(client.closedByServer());
            }
        });
    }

    @Test
    void idleKeepAliveConnectionsAndSlowlySentHeadsAreNotCut() throws Exception {
        try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
            byte[] request = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(200, client.send(request).read().status());
            Thread.sleep(HEAD_TIMEOUT_MS * 2L);
            assertEquals(200, client.send(request).read().status(), "an idle keep-alive connection stays usable");
            for (int i = 0; i < request.length; i += 15) {
                client.send(java.util.Arrays.copyOfRange(request, i, Math.min(request.length, i + 15)));
                Thread.sleep(HEAD_TIMEOUT_MS / 5);
            }
            assertEquals(200, client.read().status(), "a head that arrives within the timeout is served");
        }
    }

    @Test
    void bodyShorterThanItsContentLengthIsA408AndTheConnectionCloses() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
                long start = System.nanoTime();
                client.send(RawHttp.post("/v1/responses", "{\"mode".getBytes(StandardCharsets.UTF_8), 100));
                RawHttp.Response response = client.read();
                assertError(response, 408, "request_timeout");
                assertTrue((System.nanoTime() - start) / 1_000_000 >= BODY_TIMEOUT_MS - 100);
                assertTrue(client.closedByServer());
            }
        });
    }

    @Test
    void stalledChunkedBodyIsA408() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
                client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"mod\r\n");
                assertError(client.read(), 408, "request_timeout");
                assertTrue(client.closedByServer());
            }
        });
    }

    @Test
    void aSlowButSteadyBodyIsNotCutOff() throws Exception {
        byte[] body = "{\"model\":\"nosuch/x\",\"input\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
            byte[] request = RawHttp.post("/v1/responses", body, -1);
            int split = request.length - body.length;
            client.send(java.util.Arrays.copyOfRange(request, 0, split));
            for (int i = split; i < request.length; i += 8) {
                Thread.sleep(BODY_TIMEOUT_MS * 6 / 10);
                client.send(java.util.Arrays.copyOfRange(request, i, Math.min(request.length, i + 8)));
            }
            assertError(client.read(), 404, "model_not_found");
        }
    }

    @Test
    void tooManyUnfinishedBodiesGetA503WithRetryAfter() throws Exception {
        List<RawHttp> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                stalled.add(RawHttp.connect(gateway.port(), 5000)
                        .send(RawHttp.post("/v1/responses", "{".getBytes(StandardCharsets.UTF_8), 50)));
            }
            Thread.sleep(200);
            RawHttp.Response response = exchange(RawHttp.post("/v1/responses", "{".getBytes(StandardCharsets.UTF_8), 50));
            assertError(response, 503, "too_many_pending_requests");
            assertEquals("1", response.headers().get("retry-after"));
        } finally {
            for (RawHttp client : stalled) {
                client.close();
            }
        }
        Thread.sleep(200);
        RawHttp.Response after = exchange(RawHttp.post("/v1/responses",
                "{\"model\":\"nosuch/x\",\"input\":\"hi\"}".getBytes(StandardCharsets.UTF_8), -1));
        assertEquals(404, after.status(), "closed bodies free their slots: " + after.body());
    }

    /** One request on a fresh connection, answered within 5 s. */
    private static RawHttp.Response exchange(byte[] request) throws Exception {
        long start = System.nanoTime();
        try (RawHttp client = RawHttp.connect(gateway.port(), 5000)) {
            RawHttp.Response response = client.send(request).read();
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
            return response;
        }
    }

    private static JsonNode error(RawHttp.Response response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    private static void assertError(RawHttp.Response response, int status, String code) throws Exception {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.headers().getOrDefault("content-type", "").startsWith("application/json"),
                response.headers().toString());
        JsonNode error = error(response);
        assertEquals(code, error.path("code").asText(), response.body());
        assertFalse(error.path("message").asText().isBlank());
        assertTrue(error.has("type") && error.has("param"), response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("io.vertx")
                || response.body().contains("<html"), response.body());
    }
}
