package io.camelgateway.network;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS endpoint on 127.0.0.1 in front of a plain-HTTP fake provider: it terminates TLS with its certificate and
 * passes the bytes on, so the gateway talks HTTPS to a provider whose answers the fake scripts.
 */
final class TlsFront implements AutoCloseable {

    private final SSLServerSocket server;
    private final int backendPort;
    private final SocketPipes pipes = new SocketPipes();

    TlsFront(SSLContext tls, int backendPort) throws IOException {
        this.backendPort = backendPort;
        this.server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        pipes.submit(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                pipes.track(client);
                pipes.submit(() -> forward(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void forward(SSLSocket client) {
        try {
            client.setSoTimeout(10_000);
            client.startHandshake();
            client.setSoTimeout(0);
            Socket backend = new Socket();
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), 5000);
            pipes.join(client, backend);
        } catch (IOException e) {
            SocketPipes.quietlyClose(client);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pipes.close();
    }
}
