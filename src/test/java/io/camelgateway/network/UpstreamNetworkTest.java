package io.camelgateway.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camelgateway.fakes.FakeOpenAiServer;
import io.camelgateway.fakes.FakeOpenAiServer.Reply;
import io.camelgateway.fakes.ResponsesAnswer;
import io.camelgateway.testing.Closeables;
import io.camelgateway.testing.GatewayProcess;
import io.camelgateway.testing.ProviderRoutes;
import io.camelgateway.testing.SseClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provider calls in a corporate network: providers served over HTTPS (test-made certificates) behind a real CONNECT
 * proxy given as {@code https_proxy} with credentials, and a plain-HTTP one behind the same proxy as HTTP_PROXY; the
 * proxy alone resolves the providers' names, as a corporate proxy's DNS does. The gateway trusts one provider's
 * certificate through gateway.upstream.trust-store (added to the JDK's CAs) and not the other's; NO_PROXY exempts a
 * third name, which the gateway reaches directly.
 */
class UpstreamNetworkTest {

    private static final String OPENAI_KEY = "sk-openai-proxy-test-key";
    private static final String PROXY_PASSWORD = "Proxy-Pass-5521";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeOpenAiServer provider;
    private static TlsFront trustedFront;
    private static TlsFront untrustedFront;
    private static ConnectProxy proxy;
    private static GatewayProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("gateway-upstream-network");
        Path trusted = TestCertificates.pkcs12(dir, "trusted", "changeit",
                "dns:provider.corp.test,dns:direct.corp.test");
        Path untrusted = TestCertificates.pkcs12(dir, "untrusted", "changeit", "dns:untrusted.corp.test");
        provider = FakeOpenAiServer.start(OPENAI_KEY).whenEmpty(Reply.json(new ResponsesAnswer().text("tunnelled").json()));
        int backend = Integer.parseInt(provider.origin().substring(provider.origin().lastIndexOf(':') + 1));
        trustedFront = new TlsFront(TestCertificates.serving(trusted, "changeit"), backend);
        untrustedFront = new TlsFront(TestCertificates.serving(untrusted, "changeit"), backend);
        proxy = new ConnectProxy(Map.of("provider.corp.test", "127.0.0.1", "untrusted.corp.test", "127.0.0.1",
                "plain.corp.test", "127.0.0.1"));

        Path work = Files.createDirectories(dir.resolve("gateway"));
        Path routes = Files.createDirectories(work.resolve("routes"));
        route(routes, "corp", "https://provider.corp.test:" + trustedFront.port() + "/v1");
        route(routes, "untrusted", "https://untrusted.corp.test:" + untrustedFront.port() + "/v1");
        route(routes, "direct", "https://direct.corp.test:" + trustedFront.port() + "/v1");
        route(routes, "plain", "http://plain.corp.test:" + backend + "/v1");
        // only the NO_PROXY name resolves for the gateway itself (the JDK resolver with a hosts file of its own)
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 direct.corp.test\n");
        gateway = GatewayProcess.builder().workDir(work)
                .property("vertx.disableDnsResolver", "true")
                .property("jdk.net.hosts.file", hosts.toString())
                .property("gateway.upstream.trust-store", TestCertificates.certificatePem(trusted, "trusted", "changeit")
                        .toString())
                .env("https_proxy", "http://proxyuser:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port())
                .env("HTTPS_PROXY", "http://127.0.0.1:9")
                .env("HTTP_PROXY", "http://127.0.0.1:" + proxy.port())
                .env("NO_PROXY", "example.invalid, .direct.corp.test")
                .env("OPENAI_API_KEY", OPENAI_KEY)
                .start();
    }

    private static void route(Path routes, String name, String baseUrl) throws Exception {
        Files.writeString(routes.resolve("provider-" + name + ".yaml"),
                ProviderRoutes.route(name, "openai", baseUrl, "OPENAI_API_KEY", "max-retries=0"));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            String log = gateway.log();
            assertFalse(log.contains(PROXY_PASSWORD), "the proxy password reached the log:\n" + log);
            assertFalse(log.contains("\tat "), "no stack trace in the log:\n" + log);
            assertTrue(log.contains("upstream proxy: https via http://127.0.0.1:" + proxy.port() + " (with credentials), "
                    + "http via http://127.0.0.1:" + proxy.port() + ", NO_PROXY"), log);
            assertTrue(log.contains("upstream trust: 1 CA certificate(s) from "), log);
        } finally {
            Closeables.closeAll(gateway, proxy, trustedFront, untrustedFront, provider);
        }
    }

    private static HttpResponse<String> turn(String provider) throws Exception {
        return SseClient.post(gateway.baseUrl() + "/v1/responses",
                "{\"model\":\"" + provider + "/gpt-5-test\",\"store\":false,\"input\":\"hi\"}");
    }

    private static List<String> tunnels() {
        return proxy.connects().stream().map(ConnectProxy.Connect::target).toList();
    }

    @Test
    void aTurnReachesTheTlsProviderThroughTheProxysTunnelWithItsCredentials() throws Exception {
        HttpResponse<String> response = turn("corp");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("tunnelled", JSON.readTree(response.body()).path("output").get(0).path("content").get(0)
                .path("text").asText(), response.body());
        String target = "provider.corp.test:" + trustedFront.port();
        assertTrue(tunnels().contains(target), tunnels().toString());
        String expected = "Basic " + Base64.getEncoder().encodeToString(("proxyuser:" + PROXY_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(proxy.connects().stream().filter(c -> c.target().equals(target))
                .allMatch(c -> expected.equals(c.proxyAuthorization())), proxy.connects().toString());
    }

    @Test
    void aProviderCertificateNoTrustedCaSignedFailsInTheClientsErrorShape() throws Exception {
        int before = provider.requests().size();
        HttpResponse<String> response = turn("untrusted");

        assertNotEquals(500, response.statusCode(), response.body());
        assertEquals(502, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertEquals("upstream_unreachable", error.path("code").asText(), response.body());
        assertTrue(error.path("message").asText().contains("its TLS certificate is not trusted by the gateway"),
                response.body());
        assertTrue(tunnels().contains("untrusted.corp.test:" + untrustedFront.port()), tunnels().toString());
        assertEquals(before, provider.requests().size(), "nothing was sent over the untrusted connection");
    }

    @Test
    void aPlainHttpProviderGoesThroughTheHttpProxy() throws Exception {
        HttpResponse<String> response = turn("plain");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(tunnels().contains("http plain.corp.test:" + provider.origin().substring(
                provider.origin().lastIndexOf(':') + 1)), tunnels().toString());
    }

    @Test
    void aNoProxyHostIsReachedDirectly() throws Exception {
        HttpResponse<String> response = turn("direct");

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(tunnels().stream().noneMatch(target -> target.startsWith("direct.corp.test")), tunnels().toString());
    }
}
