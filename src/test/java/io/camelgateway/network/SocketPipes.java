package io.camelgateway.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Copies bytes both ways between two connected sockets until either side ends; closes every socket it was given. */
final class SocketPipes implements AutoCloseable {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    void submit(Runnable task) {
        threads.submit(task);
    }

    void join(Socket a, Socket b) {
        open.add(a);
        open.add(b);
        threads.submit(() -> copy(a, b));
        threads.submit(() -> copy(b, a));
    }

    void track(Socket socket) {
        open.add(socket);
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ended) {
            // either side went away
        } finally {
            quietlyClose(from);
            quietlyClose(to);
        }
    }

    static void quietlyClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        open.forEach(SocketPipes::quietlyClose);
        threads.shutdownNow();
    }
}
