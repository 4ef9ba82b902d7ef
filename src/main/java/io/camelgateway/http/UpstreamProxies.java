package io.camelgateway.http;

import io.camelgateway.secrets.SecretRedactor;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which proxy a provider call goes through, from the environment as curl and most tools read it: {@code HTTPS_PROXY}
 * for https targets, {@code HTTP_PROXY} for http ones (lower-case names win over upper-case), {@code NO_PROXY} for
 * the exemptions ({@link NoProxyList}). Loopback targets (localhost, 127.0.0.0/8, ::1) always go direct: a proxy
 * cannot reach this machine's loopback. Proxy URLs are {@code http://[user:password@]host[:port]} (also
 * {@code socks5://}, {@code socks4://}); credentials are kept out of every log line.
 */
public final class UpstreamProxies {

    private static final int DEFAULT_PROXY_PORT = 1080;
    private static final int MAX_CACHED_HOSTS = 1024;

    private final ProxyOptions https;
    private final ProxyOptions http;
    private final NoProxyList noProxy;
    private final String noProxyText;
    private final Map<String, ProxyOptions> decided = new ConcurrentHashMap<>();
    /** Marks a target that goes direct in {@link #decided} (the map holds no nulls). */
    private static final ProxyOptions DIRECT = new ProxyOptions();

    private UpstreamProxies(ProxyOptions https, ProxyOptions http, String noProxy) {
        this.https = https;
        this.http = http;
        this.noProxyText = noProxy == null ? "" : noProxy.trim();
        this.noProxy = new NoProxyList(noProxy);
    }

    /** From environment variables such as {@link System#getenv()}; a malformed proxy URL is refused. */
    public static UpstreamProxies fromEnvironment(Map<String, String> env) {
        return new UpstreamProxies(proxy("HTTPS_PROXY", env), proxy("HTTP_PROXY", env), variable("NO_PROXY", env));
    }

    /** No proxy at all. */
    public static UpstreamProxies none() {
        return new UpstreamProxies(null, null, null);
    }

    private static String variable(String upperCase, Map<String, String> env) {
        String lower = env.get(upperCase.toLowerCase(Locale.ROOT));
        if (lower != null && !lower.isBlank()) {
            return lower.trim();
        }
        String upper = env.get(upperCase);
        return upper == null || upper.isBlank() ? null : upper.trim();
    }

    private static ProxyOptions proxy(String name, Map<String, String> env) {
        String value = variable(name, env);
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value.contains("://") ? value : "http://" + value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a proxy URL (expected http://host:port, with "
                    + "user:password@ before the host when the proxy needs them).");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        ProxyType type = switch (scheme) {
            case "http" -> ProxyType.HTTP;
            case "socks5", "socks5h" -> ProxyType.SOCKS5;
            case "socks4", "socks4a" -> ProxyType.SOCKS4;
            case "https" -> throw new IllegalArgumentException(name + " names an https:// proxy; TLS to the proxy "
                    + "itself is not supported. Use the proxy's http:// address (calls to https providers stay "
                    + "encrypted end to end through its CONNECT tunnel).");
            default -> throw new IllegalArgumentException(name + " has the scheme " + scheme
                    + "://, which is not a proxy scheme (http://, socks5:// or socks4://).");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(name + " names no proxy host (expected http://host:port).");
        }
        ProxyOptions options = new ProxyOptions().setType(type).setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : DEFAULT_PROXY_PORT);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            SecretRedactor.register(userInfo);
            int colon = userInfo.indexOf(':');
            String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
            String password = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
            SecretRedactor.register(password);
            options.setUsername(user).setPassword(password);
        }
        return options;
    }

    /** The proxy for a call to {@code absoluteUri}, or null to connect directly. */
    public ProxyOptions forUri(String absoluteUri) {
        if (https == null && http == null) {
            return null;
        }
        URI uri = URI.create(absoluteUri);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String key = scheme + "://" + host;
        ProxyOptions choice = decided.get(key);
        if (choice == null) {
            choice = decide(scheme, host);
            if (decided.size() >= MAX_CACHED_HOSTS) {
                decided.clear();
            }
            decided.put(key, choice);
        }
        return choice == DIRECT ? null : choice;
    }

    private ProxyOptions decide(String scheme, String host) {
        ProxyOptions proxy = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
        if (proxy == null || host.isEmpty() || isLoopback(host) || noProxy.exempts(host)) {
            return DIRECT;
        }
        return proxy;
    }

    static boolean isLoopback(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        byte[] address = NoProxyList.ipLiteral(host);
        if (address == null) {
            return false;
        }
        if (address.length == 4) {
            return address[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[15] == 1;
    }

    /** For the startup log, never with credentials; null when no proxy is set. */
    public String describe() {
        if (https == null && http == null) {
            return null;
        }
        return "https via " + describe(https) + ", http via " + describe(http)
                + (noProxyText.isEmpty() ? "" : ", NO_PROXY " + noProxyText) + " (loopback always direct)";
    }

    private static String describe(ProxyOptions proxy) {
        if (proxy == null) {
            return "no proxy";
        }
        return proxy.getType().name().toLowerCase(Locale.ROOT) + "://" + proxy.getHost() + ":" + proxy.getPort()
                + (proxy.getUsername() == null ? "" : " (with credentials)");
    }
}
