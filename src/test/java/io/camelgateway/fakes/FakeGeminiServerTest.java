package io.camelgateway.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fake Gemini API rejects what the real one rejects, so the gateway's Gemini tests can fail. */
class FakeGeminiServerTest {

    private static final String KEY = "gm-fake-key";
    private static final String USER_HI = "{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}";
    private static FakeGeminiServer server;

    @BeforeAll
    static void start() {
        server = FakeGeminiServer.start(KEY);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String key, String pathTail, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl()
                        + "/v1beta/models/gemini-3-pro-preview" + pathTail)).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("x-goog-api-key", key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRejected(int status, String fragment, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains(fragment), response.body());
    }

    @Test
    void keysPathsAndFields() throws Exception {
        String ok = "{\"contents\":[" + USER_HI + "]}";
        assertRejected(403, "PERMISSION_DENIED", post(null, ":generateContent", ok));
        assertRejected(400, "API_KEY_INVALID", post("wrong", ":generateContent", ok));
        assertRejected(400, "alt=sse", post(KEY, ":streamGenerateContent", ok));
        assertRejected(400, "Unknown name \\\"model\\\"", post(KEY, ":generateContent",
                "{\"model\":\"x\",\"contents\":[" + USER_HI + "]}"));
        assertRejected(400, "valid role", post(KEY, ":generateContent",
                "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"hi\"}]}]}"));
        server.enqueue(FakeGeminiServer.answer().text("fine"));
        assertEquals(200, post(KEY, ":generateContent", ok).statusCode());
    }

    @Test
    void schemasMustBeGeminisSubset() throws Exception {
        for (String bad : new String[] {"\"additionalProperties\":false", "\"$schema\":\"x\"", "\"strict\":true"}) {
            String body = "{\"contents\":[" + USER_HI + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\","
                    + "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":"
                    + "{\"b\":{\"type\":\"string\"}}," + bad + "}}}}]}]}";
            assertRejected(400, "Unknown name", post(KEY, ":generateContent", body));
        }
    }

    @Test
    void functionResponsesAndSignaturesMustMatchWhatTheModelSaid() throws Exception {
        String orphan = "{\"contents\":[" + USER_HI + ",{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
                + "{\"name\":\"f\",\"response\":{\"output\":\"x\"}}}]}]}";
        assertRejected(400, "function call turn", post(KEY, ":generateContent", orphan));

        server.enqueue(FakeGeminiServer.answer().call("exec", "{\"cmd\":\"ls\"}", "sig-issued"));
        assertEquals(200, post(KEY, ":streamGenerateContent?alt=sse", "{\"contents\":[" + USER_HI + "]}").statusCode());
        String history = "{\"contents\":[" + USER_HI + ",{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":"
                + "\"exec\",\"args\":{\"cmd\":\"ls\"}}%s}]},{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
                + "{\"name\":\"exec\",\"response\":{\"output\":\"a\"}}}]}]}";
        assertRejected(400, "missing a `thought_signature`", post(KEY, ":generateContent", history.formatted("")));
        assertRejected(400, "Corrupted thought signature", post(KEY, ":generateContent",
                history.formatted(",\"thoughtSignature\":\"made-up\"")));
        server.enqueue(FakeGeminiServer.answer().text("ok"));
        assertEquals(200, post(KEY, ":generateContent",
                history.formatted(",\"thoughtSignature\":\"sig-issued\"")).statusCode());
        String onText = "{\"contents\":[" + USER_HI + ",{\"role\":\"model\",\"parts\":[{\"text\":\"x\","
                + "\"thoughtSignature\":\"sig-issued\"}]}," + USER_HI + "]}";
        assertRejected(400, "Corrupted thought signature", post(KEY, ":generateContent", onText));
    }
}
