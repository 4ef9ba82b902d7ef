package io.camelgateway.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.GatewayProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's own port over HTTPS, with certificates the test makes (keytool for PKCS#12, openssl for a PEM
 * pair): real clients (Java's HttpClient and curl, each trusting only that certificate) run a /v1/responses turn
 * against a fake provider; plain HTTP to the TLS port gets no answer; a keystore that cannot be used stops the start
 * with one line and exit status 2; and off loopback without TLS the log warns once about clear text.
 */
class InboundTlsTest {

    private static final String OPENAI_KEY = "sk-openai-tls-test-key";
    private static final String STORE_PASSWORD = "Tls{{pw}}-Secret-7731";
    private static final String SECRET_TAIL = "Secret-7731";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path certificate;

    @BeforeAll
    static void certificates() throws Exception {
        keystore = TestCertificates.pkcs12(dir, "gateway", STORE_PASSWORD, "ip:127.0.0.1,dns:localhost");
        certificate = TestCertificates.certificatePem(keystore, "gateway", STORE_PASSWORD);
    }

    private static FakeOpenAiServer provider() {
        ResponsesAnswer answer = new ResponsesAnswer().text("over TLS");
        return FakeOpenAiServer.start(OPENAI_KEY).respondWith(request ->
                request.body().contains("\"stream\":true") ? Reply.sse(answer.sse()) : Reply.json(answer.json()));
    }

    private static String turn(boolean stream) {
        return "{\"model\":\"openai/gpt-5-test\",\"stream\":" + stream + ",\"store\":false,\"input\":\"hi\"}";
    }

    @Test
    void aPkcs12KeystoreServesHttpsToJavaAndCurlAndPlainHttpGetsNoAnswer() throws Exception {
        SSLContext trusting = TestCertificates.trusting(certificate);
        try (FakeOpenAiServer openai = provider();
             GatewayProcess gateway = GatewayProcess.builder().https(trusting)
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .property("camel.server.host", "0.0.0.0")
                     .property("gateway.tls.keystore", keystore.toString())
                     .env("GATEWAY_TLS_KEYSTORE_PASSWORD", STORE_PASSWORD)
                     .env("GATEWAY_AUTH_MODE", "any")
                     .env("OPENAI_API_KEY", OPENAI_KEY).start()) {
            assertTrue(gateway.baseUrl().startsWith("https://"));
            HttpClient java = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = java.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/responses"))
                    .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(turn(false))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("over TLS", body.path("output").get(0).path("content").get(0).path("text").asText(), response.body());

            String streamed = curl("--cacert", certificate.toString(), "-N", "-H", "content-type: application/json",
                    "-d", turn(true), gateway.baseUrl() + "/v1/responses");
            assertTrue(streamed.contains("event: response.completed") || streamed.contains("\"type\":\"response.completed\""),
                    streamed);
            assertTrue(streamed.contains("over TLS"), streamed);
            assertEquals(2, openai.requests().size());

            // a client that does not trust the certificate is refused by its own TLS check
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(gateway.baseUrl() + "/health")).build(), HttpResponse.BodyHandlers.ofString()));
            assertPlainHttpGetsNoAnswer(gateway.port());
            assertEquals(200, java.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "still serving after the plain request");

            String log = gateway.log();
            assertTrue(log.contains("ready on https://0.0.0.0:" + gateway.port()), log);
            assertTrue(log.contains("base_url = \"https://127.0.0.1:" + gateway.port() + "/v1\""), log);
            assertTrue(log.contains("TLS: certificate CN=gateway"), log);
            assertFalse(log.contains("clear text"), "TLS is on: no clear-text warning\n" + log);
            assertFalse(log.contains(SECRET_TAIL), "the keystore password reached the log\n" + log);
            assertFalse(log.contains("\tat "), "no stack trace\n" + log);
        }
    }

    /** HTTP sent to the TLS port is not a TLS handshake: the connection closes without any HTTP answer. */
    private static void assertPlainHttpGetsNoAnswer(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer;
            try {
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException reset) {
                answer = "";
            }
            assertFalse(answer.startsWith("HTTP/"), "plain HTTP got an HTTP answer: " + answer);
        }
    }

    @Test
    void aPemPairWithAPkcs1KeyServesHttpsToCurl() throws Exception {
        Path[] pair = TestCertificates.opensslPemPair(dir, "pem-gateway");
        assertTrue(Files.readString(pair[1]).contains("BEGIN RSA PRIVATE KEY"), "the key is in PKCS#1 form");
        try (FakeOpenAiServer openai = provider();
             GatewayProcess gateway = GatewayProcess.builder().https(TestCertificates.trusting(pair[0]))
                     .property("gateway.openai.base-url", openai.baseUrl())
                     .property("gateway.tls.cert", pair[0].toString())
                     .property("gateway.tls.key", pair[1].toString())
                     .env("OPENAI_API_KEY", OPENAI_KEY).start()) {
            String answer = curl("--cacert", pair[0].toString(), "-H", "content-type: application/json",
                    "-d", turn(false), gateway.baseUrl() + "/v1/responses");
            assertEquals("over TLS", JSON.readTree(answer).path("output").get(0).path("content").get(0)
                    .path("text").asText(), answer);
            assertTrue(gateway.log().contains("TLS: certificate CN=pem-gateway"), gateway.log());
        }
    }

    @Test
    void aWrongPasswordStopsTheStartWithOneLineAndExitStatus2() throws Exception {
        String log = refusedStart(GatewayProcess.builder()
                .property("gateway.tls.keystore", keystore.toString())
                .env("GATEWAY_TLS_KEYSTORE_PASSWORD", "Wrong-Secret-7731"));
        assertTrue(log.contains("Not starting: gateway.tls.keystore (" + keystore + "): the password is wrong or "
                + "missing; set it with the environment variable GATEWAY_TLS_KEYSTORE_PASSWORD."), log);
        assertFalse(log.contains(SECRET_TAIL), log);
    }

    @Test
    void aMissingKeystoreOrAnIncompletePemPairStopsTheStart() throws Exception {
        Path missing = dir.resolve("no-such.p12");
        String log = refusedStart(GatewayProcess.builder().property("gateway.tls.keystore", missing.toString()));
        assertTrue(log.contains("Not starting: gateway.tls.keystore names " + missing + ", which does not exist."), log);

        String half = refusedStart(GatewayProcess.builder().property("gateway.tls.cert", certificate.toString()));
        assertTrue(half.contains("Not starting: A PEM pair needs both gateway.tls.cert (certificate chain) and "
                + "gateway.tls.key (private key); gateway.tls.key is not set."), half);
    }

    @Test
    void offLoopbackWithoutTlsTheLogWarnsOnceThatKeysTravelInClearText() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.builder()
                .property("camel.server.host", "0.0.0.0")
                .env("GATEWAY_AUTH_MODE", "any").start()) {
            List<String> warnings = gateway.log().lines().filter(line -> line.contains("clear text")).toList();
            assertEquals(1, warnings.size(), gateway.log());
            assertTrue(warnings.get(0).contains("WARN"), warnings.get(0));
            assertTrue(warnings.get(0).contains("without TLS: API keys and prompts travel in clear text"), warnings.get(0));
        }
    }

    /** Starts a gateway that must refuse: exit status 2, one ERROR line, no stack trace. Returns its log. */
    private static String refusedStart(GatewayProcess.Builder builder) throws Exception {
        try (GatewayProcess gateway = builder.noWait().start()) {
            assertTrue(gateway.waitForExit(60), "the gateway kept running:\n" + gateway.log());
            String log = gateway.log();
            assertEquals(2, gateway.process().exitValue(), log);
            assertEquals(1, log.lines().filter(line -> line.contains("ERROR")).count(), log);
            assertFalse(log.contains("\tat ") || log.contains("Exception"), "no stack trace:\n" + log);
            return log;
        }
    }

    private static String curl(String... args) throws Exception {
        String[] command = new String[args.length + 4];
        command[0] = "curl";
        command[1] = "-sS";
        command[2] = "--max-time";
        command[3] = "30";
        System.arraycopy(args, 0, command, 4, args.length);
        return TestCertificates.run(dir, command);
    }
}
