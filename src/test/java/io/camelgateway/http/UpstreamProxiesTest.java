package io.camelgateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camelgateway.secrets.SecretRedactor;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpstreamProxiesTest {

    @Test
    void httpsAndHttpTargetsUseTheirOwnVariableAndLowerCaseWins() {
        UpstreamProxies proxies = UpstreamProxies.fromEnvironment(Map.of(
                "https_proxy", "http://secure.proxy:3128", "HTTPS_PROXY", "http://ignored:1",
                "HTTP_PROXY", "plain.proxy:8080"));

        ProxyOptions https = proxies.forUri("https://api.openai.com/v1/responses");
        assertEquals("secure.proxy", https.getHost());
        assertEquals(3128, https.getPort());
        assertEquals(ProxyType.HTTP, https.getType());
        ProxyOptions http = proxies.forUri("http://models.internal:8000/v1/chat/completions");
        assertEquals("plain.proxy", http.getHost());
        assertEquals(8080, http.getPort());
    }

    @Test
    void noProxyExemptsNamesWithTheirSubdomainsIpsAndCidrBlocks() {
        UpstreamProxies proxies = UpstreamProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy:3128",
                "NO_PROXY", "corp.example, .svc.local *.lab.test,10.0.0.0/8 192.168.1.5:443,[fd00::1]"));

        assertNull(proxies.forUri("https://corp.example/v1"));
        assertNull(proxies.forUri("https://LLM.Corp.Example/v1"));
        assertNull(proxies.forUri("https://vllm.svc.local/v1"));
        assertNull(proxies.forUri("https://gpu.lab.test/v1"));
        assertNull(proxies.forUri("https://10.20.30.40:8443/v1"));
        assertNull(proxies.forUri("https://192.168.1.5/v1"));
        assertNull(proxies.forUri("https://[fd00::1]:8443/v1"));
        assertTrue(proxies.forUri("https://notcorp.example/v1") != null, "a suffix matches at a dot only");
        assertTrue(proxies.forUri("https://11.0.0.1/v1") != null);
        assertTrue(proxies.forUri("https://192.168.1.6/v1") != null);
        assertTrue(proxies.forUri("https://api.anthropic.com/v1") != null);
    }

    @Test
    void loopbackAlwaysGoesDirectAndAStarExemptsEverything() {
        UpstreamProxies proxies = UpstreamProxies.fromEnvironment(Map.of("HTTP_PROXY", "http://proxy:3128",
                "HTTPS_PROXY", "http://proxy:3128"));
        assertNull(proxies.forUri("http://127.0.0.1:8000/v1"));
        assertNull(proxies.forUri("http://127.3.2.1:8000/v1"));
        assertNull(proxies.forUri("http://localhost:11434/v1"));
        assertNull(proxies.forUri("http://[::1]:8000/v1"));
        assertTrue(proxies.forUri("http://128.0.0.1:8000/v1") != null);

        UpstreamProxies star = UpstreamProxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy:3128",
                "no_proxy", "*"));
        assertNull(star.forUri("https://api.openai.com/v1"));
    }

    @Test
    void credentialsReachTheProxyOptionsButNotTheDescriptionNorTheLogs() {
        UpstreamProxies proxies = UpstreamProxies.fromEnvironment(Map.of("HTTPS_PROXY",
                "http://corp%5Cjane:p%40ss-Word-8812@proxy.corp:8080"));

        ProxyOptions options = proxies.forUri("https://api.openai.com/v1");
        assertEquals("corp\\jane", options.getUsername());
        assertEquals("p@ss-Word-8812", options.getPassword());
        assertFalse(proxies.describe().contains("8812"), proxies.describe());
        assertTrue(proxies.describe().contains("http://proxy.corp:8080 (with credentials)"), proxies.describe());
        assertEquals("proxy [redacted]", SecretRedactor.redact("proxy p@ss-Word-8812"));
    }

    @Test
    void withoutVariablesEverythingGoesDirect() {
        UpstreamProxies proxies = UpstreamProxies.fromEnvironment(Map.of("NO_PROXY", "corp.example"));
        assertNull(proxies.forUri("https://api.openai.com/v1"));
        assertNull(proxies.describe());
    }

    @Test
    void aProxyUrlThatCannotWorkIsRefusedWithItsVariableNamed() {
        IllegalArgumentException tls = assertThrows(IllegalArgumentException.class, () ->
                UpstreamProxies.fromEnvironment(Map.of("HTTPS_PROXY", "https://proxy:3128")));
        assertTrue(tls.getMessage().startsWith("HTTPS_PROXY names an https:// proxy"), tls.getMessage());
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class, () ->
                UpstreamProxies.fromEnvironment(Map.of("http_proxy", "ftp://proxy:21")));
        assertTrue(scheme.getMessage().startsWith("HTTP_PROXY has the scheme ftp://"), scheme.getMessage());
        assertEquals(ProxyType.SOCKS5, UpstreamProxies.fromEnvironment(Map.of("HTTPS_PROXY", "socks5://proxy:1080"))
                .forUri("https://api.openai.com/v1").getType());
    }
}
