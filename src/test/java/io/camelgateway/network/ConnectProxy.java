package io.camelgateway.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real forward proxy on 127.0.0.1 for {@code CONNECT host:port} (how clients tunnel TLS through a corporate
 * proxy) and plain-HTTP requests in absolute form ({@code POST http://host:port/path}), recording each target. Host
 * names are resolved through {@code hosts} as a corporate proxy's own DNS would (names the client itself cannot
 * resolve); a refused tunnel gets 502.
 */
final class ConnectProxy implements AutoCloseable {

    /**
     * One connection: the CONNECT target as asked for ({@code "http host:port"} for a forwarded plain request), and
     * the Proxy-Authorization header (null when none was sent).
     */
    record Connect(String target, String proxyAuthorization) {
    }

    private final ServerSocket server;
    private final Map<String, String> hosts;
    private final SocketPipes pipes = new SocketPipes();
    private final List<Connect> connects = new CopyOnWriteArrayList<>();

    ConnectProxy(Map<String, String> hosts) throws IOException {
        this.hosts = Map.copyOf(hosts);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pipes.submit(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Connect> connects() {
        return List.copyOf(connects);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pipes.track(client);
                pipes.submit(() -> tunnel(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try {
            client.setSoTimeout(10_000);
            String rawHead = readHead(client.getInputStream());
            String[] head = rawHead.split("\r\n");
            String[] requestLine = head[0].split(" ");
            boolean connect = requestLine.length == 3 && requestLine[0].equals("CONNECT");
            boolean forward = requestLine.length == 3 && requestLine[1].startsWith("http://");
            if (!connect && !forward) {
                reply(client, "405 Method Not Allowed");
                return;
            }
            String authorization = null;
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                if (colon > 0 && head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("proxy-authorization")) {
                    authorization = head[i].substring(colon + 1).trim();
                }
            }
            String target = connect ? requestLine[1] : authority(requestLine[1]);
            connects.add(new Connect(connect ? target : "http " + target, authorization));
            int colon = target.lastIndexOf(':');
            String host = target.substring(0, colon);
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(hosts.getOrDefault(host, host),
                        Integer.parseInt(target.substring(colon + 1))), 5000);
            } catch (IOException | RuntimeException e) {
                reply(client, "502 Bad Gateway");
                return;
            }
            client.setSoTimeout(0);
            if (connect) {
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
            } else {
                // a plain-HTTP request in absolute form goes on as it came; the rest of the connection follows it
                upstream.getOutputStream().write(rawHead.getBytes(StandardCharsets.ISO_8859_1));
            }
            pipes.join(client, upstream);
        } catch (IOException | RuntimeException e) {
            SocketPipes.quietlyClose(client);
        }
    }

    /** {@code host:port} of an absolute http:// URI (port 80 when it names none). */
    private static String authority(String uri) {
        java.net.URI parsed = java.net.URI.create(uri);
        return parsed.getHost() + ":" + (parsed.getPort() > 0 ? parsed.getPort() : 80);
    }

    private static void reply(Socket client, String status) throws IOException {
        client.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        client.close();
    }

    /** The request head up to its blank line (at most 16 KB), read byte by byte so no tunnel byte is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() > 16384) {
                throw new IOException("no complete CONNECT head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        pipes.close();
    }
}
