package io.camelgateway.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exactly what a test client writes on the socket, as byte segments with pauses between them, so requests can be
 * malformed at any level: request line, headers, framing, body, timing. After the last segment the client keeps its
 * side open (a stalled client), and reads the answer.
 */
record RawRequest(String method, String path, List<Segment> segments) {

    /** Bytes to write, then a pause (0 for none) before the next segment. */
    record Segment(byte[] bytes, long pauseAfterMs) {
    }

    static final String CLIENT_TOKEN = "corpus-client-token";

    boolean isHead() {
        return "HEAD".equals(method);
    }

    /** A well-formed request with the usual client headers and a Content-Length body (none when body is null). */
    static RawRequest of(String method, String path, byte[] body) {
        return builder(method, path).body(body).build();
    }

    static RawRequest postJson(String path, String json) {
        return of("POST", path, json.getBytes(StandardCharsets.UTF_8));
    }

    static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** A request whose every byte the test supplies; {@code method}/{@code path} only say how to judge the answer. */
    static RawRequest raw(String method, String path, byte[] bytes) {
        return new RawRequest(method, path, List.of(new Segment(bytes, 0)));
    }

    static final class Builder {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<String> extraHeaderLines = new ArrayList<>();
        private byte[] body;
        private List<Segment> bodySegments;
        private String declaredLength;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("Host", "127.0.0.1");
            headers.put("Authorization", "Bearer " + CLIENT_TOKEN);
            headers.put("Accept", "application/json, text/event-stream");
            headers.put("Connection", "close");
        }

        /** Sets (or with a null value removes) one header. */
        Builder header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        /** Adds a header line verbatim (ISO-8859-1 bytes), for names and values no normal client would send. */
        Builder headerLine(String line) {
            extraHeaderLines.add(line);
            return this;
        }

        Builder body(byte[] bytes) {
            this.body = bytes;
            if (bytes != null) {
                headers.putIfAbsent("Content-Type", "application/json");
            }
            return this;
        }

        /** Overrides the Content-Length header's value (e.g. larger than what is sent, or not a number). */
        Builder contentLength(String value) {
            this.declaredLength = value;
            return this;
        }

        /** Sends the body as these raw segments (framing included) instead of {@link #body}; no Content-Length. */
        Builder bodySegments(List<Segment> segments) {
            this.bodySegments = segments;
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        RawRequest build() {
            if (declaredLength != null) {
                headers.put("Content-Length", declaredLength);
            } else if (bodySegments == null && body != null) {
                headers.put("Content-Length", Integer.toString(body.length));
            }
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            write(head, method + " " + path + " HTTP/1.1\r\n");
            headers.forEach((name, value) -> write(head, name + ": " + value + "\r\n"));
            extraHeaderLines.forEach(line -> write(head, line + "\r\n"));
            write(head, "\r\n");
            List<Segment> segments = new ArrayList<>();
            if (bodySegments != null) {
                segments.add(new Segment(head.toByteArray(), 0));
                segments.addAll(bodySegments);
            } else {
                if (body != null) {
                    head.writeBytes(body);
                }
                segments.add(new Segment(head.toByteArray(), 0));
            }
            return new RawRequest(method, path, segments);
        }

        private static void write(ByteArrayOutputStream out, String text) {
            out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
