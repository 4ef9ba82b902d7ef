package io.camelgateway.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental parser for {@code text/event-stream} bodies, fed arbitrary byte chunks as they arrive.
 * Handles LF, CRLF and lone CR line endings (also split across chunks), comment lines, multi-line data,
 * a UTF-8 BOM, and multi-byte characters split between chunks. Events without data are not dispatched.
 */
public final class SseParser implements StreamDecoder {

    private final Consumer<SseEvent> handler;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String eventName;
    private boolean hasData;
    private boolean lastWasCr;
    private boolean atStart = true;

    public SseParser(Consumer<SseEvent> handler) {
        this.handler = handler;
    }

    @Override
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (lastWasCr) {
                lastWasCr = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\r') {
                lastWasCr = true;
                endLine();
            } else if (b == '\n') {
                endLine();
            } else {
                line.write(b);
            }
        }
    }

    /** Dispatches a last event that was not followed by a blank line (a server that just closed). */
    @Override
    public void end() {
        if (line.size() > 0) {
            endLine();
        }
        dispatch();
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (atStart) {
            atStart = false;
            if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (!value.isEmpty() && value.charAt(0) == ' ') {
            value = value.substring(1);
        }
        if ("data".equals(field)) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        } else if ("event".equals(field)) {
            eventName = value;
        }
    }

    private void dispatch() {
        if (hasData) {
            handler.accept(new SseEvent(eventName, data.toString()));
        }
        data.setLength(0);
        hasData = false;
        eventName = null;
    }
}
