package io.camelgateway.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * A tiny HTTP/1.1 client on a plain socket: writes a {@link RawRequest} segment by segment on its own thread (so an
 * early answer, e.g. a 413 before the body is sent, is read while writing) and reads one response: status line,
 * headers, and a Content-Length, chunked or read-until-close body. Every wait is bounded: the answer must be
 * complete within {@code answerTimeoutMs} of the client's last byte.
 */
final class RawHttpClient {

    private static final long HARD_CAP_MS = 60_000;

    private final int port;
    private final long answerTimeoutMs;

    RawHttpClient(int port, long answerTimeoutMs) {
        this.port = port;
        this.answerTimeoutMs = answerTimeoutMs;
    }

    RawResponse send(RawRequest request) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setTcpNoDelay(true);
            Writer writer = new Writer(socket.getOutputStream(), request);
            Thread thread = new Thread(writer, "raw-http-writer");
            thread.setDaemon(true);
            thread.start();
            try {
                return read(socket, socket.getInputStream(), request.isHead(), writer);
            } finally {
                thread.interrupt();
                thread.join(1000);
            }
        }
    }

    private RawResponse read(Socket socket, InputStream in, boolean headRequest, Writer writer) throws IOException {
        long start = System.nanoTime();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        boolean eof = false;
        while (true) {
            byte[] data = received.toByteArray();
            RawResponse parsed = tryParse(data, eof, headRequest, writer);
            if (parsed != null) {
                return parsed;
            }
            if (eof) {
                return new RawResponse(RawResponse.Outcome.CLOSED_WITHOUT_ANSWER, 0, null, data,
                        sinceLastByte(writer), data.length == 0 ? "no byte received" : "incomplete response");
            }
            long now = System.nanoTime();
            long waitMs = writer.doneAt() > 0
                    ? answerTimeoutMs - (now - writer.doneAt()) / 1_000_000
                    : HARD_CAP_MS - (now - start) / 1_000_000;
            if (waitMs <= 0) {
                return new RawResponse(RawResponse.Outcome.TIMED_OUT, 0, null, data, sinceLastByte(writer),
                        "no complete answer within " + answerTimeoutMs + " ms; got " + data.length + " bytes");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(waitMs, 250)));
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    eof = true;
                } else {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException again) {
                // loop: re-check the deadline
            } catch (IOException reset) {
                eof = true;
            }
        }
    }

    private static RawResponse tryParse(byte[] data, boolean eof, boolean headRequest, Writer writer) {
        int from = 0;
        while (true) {
            int end = HttpWire.headEnd(data, from, data.length);
            if (end < 0) {
                return null;
            }
            HttpWire.Head head = HttpWire.parseHead(data, from, end);
            int status = status(head.startLine());
            if (status >= 100 && status < 200) {
                from = end;
                continue;
            }
            byte[] body;
            if (headRequest || status == 204 || status == 304) {
                body = new byte[0];
            } else if (head.chunked()) {
                try {
                    HttpWire.Decoded decoded = HttpWire.decodeChunked(data, end, data.length);
                    if (decoded == null) {
                        return eof ? closedMidBody(data, end, status, head, writer) : null;
                    }
                    body = decoded.body();
                } catch (HttpWire.MalformedMessage e) {
                    return new RawResponse(RawResponse.Outcome.CLOSED_WITHOUT_ANSWER, status, head, new byte[0],
                            sinceLastByte(writer), e.getMessage());
                }
            } else if (head.contentLength() >= 0) {
                long length = head.contentLength();
                if (data.length - end < length) {
                    return eof ? closedMidBody(data, end, status, head, writer) : null;
                }
                body = Arrays.copyOfRange(data, end, end + (int) length);
            } else {
                if (!eof) {
                    return null;
                }
                body = Arrays.copyOfRange(data, end, data.length);
            }
            return new RawResponse(RawResponse.Outcome.ANSWERED, status, head, body, sinceLastByte(writer), null);
        }
    }

    private static RawResponse closedMidBody(byte[] data, int end, int status, HttpWire.Head head, Writer writer) {
        return new RawResponse(RawResponse.Outcome.CLOSED_WITHOUT_ANSWER, status, head,
                Arrays.copyOfRange(data, end, data.length), sinceLastByte(writer), "closed mid-body");
    }

    private static long sinceLastByte(Writer writer) {
        long done = writer.doneAt();
        return done == 0 ? 0 : Math.max(0, (System.nanoTime() - done) / 1_000_000);
    }

    static int status(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Writes the segments with their pauses; records when it wrote its last byte (or could not write any more). */
    private static final class Writer implements Runnable {
        private final OutputStream out;
        private final RawRequest request;
        private volatile long doneAt;

        Writer(OutputStream out, RawRequest request) {
            this.out = out;
            this.request = request;
        }

        long doneAt() {
            return doneAt;
        }

        @Override
        public void run() {
            try {
                for (RawRequest.Segment segment : request.segments()) {
                    out.write(segment.bytes());
                    out.flush();
                    if (segment.pauseAfterMs() > 0) {
                        Thread.sleep(segment.pauseAfterMs());
                    }
                }
            } catch (IOException | InterruptedException stopped) {
                // the server closed or answered early: the answer is judged by the reader
            } finally {
                doneAt = System.nanoTime();
            }
        }
    }
}
