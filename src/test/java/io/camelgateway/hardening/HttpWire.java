package io.camelgateway.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 framing for the raw-socket client and the raw-socket upstream: finds the end of a message head, parses
 * it, and decides whether a body is complete (Content-Length, chunked, or until the peer closes).
 */
final class HttpWire {

    /** A message head: the start line and the header fields in arrival order (names lower-cased). */
    record Head(String startLine, List<Map.Entry<String, String>> headers) {

        String first(String name) {
            for (Map.Entry<String, String> header : headers) {
                if (header.getKey().equals(name)) {
                    return header.getValue();
                }
            }
            return null;
        }

        boolean chunked() {
            String encoding = first("transfer-encoding");
            return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
        }

        /** The declared Content-Length, or -1 when absent or unreadable. */
        long contentLength() {
            String value = first("content-length");
            try {
                return value == null ? -1 : Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** Thrown when bytes cannot be HTTP at all (e.g. an invalid chunk size). */
    static final class MalformedMessage extends Exception {
        MalformedMessage(String message) {
            super(message);
        }
    }

    private HttpWire() {
    }

    /** The index just past the blank line that ends the head starting at {@code from}, or -1 when not there yet. */
    static int headEnd(byte[] data, int from, int length) {
        for (int i = from; i + 3 < length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    static Head parseHead(byte[] data, int from, int end) {
        String text = new String(data, from, end - from - 4, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(Map.entry(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim()));
            }
        }
        return new Head(lines[0], headers);
    }

    /**
     * Decodes a chunked body that starts at {@code from}. Returns the decoded bytes and the index past the final
     * chunk's trailer, or null when more bytes are needed.
     */
    static Decoded decodeChunked(byte[] data, int from, int length) throws MalformedMessage {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = lineEnd(data, at, length);
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeText.indexOf(';');
            if (semicolon >= 0) {
                sizeText = sizeText.substring(0, semicolon);
            }
            int size;
            try {
                size = Integer.parseInt(sizeText.trim(), 16);
            } catch (NumberFormatException e) {
                throw new MalformedMessage("invalid chunk size '" + sizeText + "'");
            }
            at = lineEnd + 2;
            if (size == 0) {
                // trailer fields end with an empty line
                while (true) {
                    int trailerEnd = lineEnd(data, at, length);
                    if (trailerEnd < 0) {
                        return null;
                    }
                    boolean empty = trailerEnd == at;
                    at = trailerEnd + 2;
                    if (empty) {
                        return new Decoded(body.toByteArray(), at);
                    }
                }
            }
            if (at + size + 2 > length) {
                return null;
            }
            body.write(data, at, size);
            at += size + 2;
        }
    }

    record Decoded(byte[] body, int end) {
    }

    /** One chunk of a chunked body. */
    static byte[] chunk(byte[] bytes) {
        byte[] head = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + bytes.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bytes, 0, out, head.length, bytes.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private static int lineEnd(byte[] data, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
